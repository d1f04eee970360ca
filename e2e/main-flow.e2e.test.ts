import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "../src/server/sandbox/index.ts";
import {
  DESKTOP,
  fillAccountForm,
  launchBrowser,
  openPage,
  PHONE,
  type TrackedPage,
} from "./support/browser.ts";
import { type E2eApp, startE2eApp } from "./support/e2e-app.ts";
import { noBrowser } from "./support/skip.ts";

const OWNER = {
  name: "Olivia Owner",
  email: "olivia@example.test",
  password: "correct horse battery staple",
};

/**
 * A new user's first two minutes, in a real browser against the real runtime: owner setup →
 * connect the sandbox account → comment-to-DM from its template → comment "LINK" in the test
 * phone → the private reply in the phone and a success row in the activity log.
 */
describe.skipIf(noBrowser())("a new user sees autodm work", () => {
  let app: E2eApp;
  let browser: Browser;
  let tab: TrackedPage;

  beforeAll(async () => {
    app = await startE2eApp();
    browser = await launchBrowser();
    tab = await openPage(browser, { baseURL: app.url, viewport: DESKTOP });
  });

  afterAll(async () => {
    await tab?.close();
    await browser?.close();
    await app?.stop();
  });

  it("offers only the owner setup on a fresh install, then lands on Home with the checklist", async () => {
    const { page } = tab;
    await page.goto("/");
    await page.waitForURL("**/setup");
    await page.getByRole("heading", { name: "Create the owner account" }).waitFor();
    await tab.screenshot("setup-desktop");
    // Inline validation before anything is sent.
    await page.getByRole("button", { name: "Create the owner account" }).click();
    await page.getByText("Enter your name.").waitFor();
    await fillAccountForm(page, OWNER);
    await page.getByRole("button", { name: "Create the owner account" }).click();
    await page.getByRole("heading", { name: "Hello, Olivia" }).waitFor();
    await page.getByText("0 of 4 done").waitFor();
    await tab.screenshot("home-empty-desktop");
    // Keyboard: the first Tab reaches the skip link, which moves focus to the page.
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Skip to content");
    await page.keyboard.press("Enter");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("main");
    tab.assertClean();
  });

  it("connects the sandbox account through its login dialog", async () => {
    const { page } = tab;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Accounts" }).click();
    await page.getByRole("heading", { name: "Connected accounts" }).waitFor();
    await page.getByText("No account connected yet").waitFor();
    await tab.screenshot("accounts-empty-desktop");
    await page.getByRole("link", { name: "Connect with Sandbox" }).click();
    await page.getByRole("button", { name: "Allow" }).click();
    await page.getByText("is connected").waitFor();
    await page.getByRole("link", { name: "Continue" }).click();
    await page.getByText("1 of 4 done").waitFor();
    await page.goto("/accounts");
    const row = page
      .getByRole("list", { name: "Connected accounts" })
      .getByRole("listitem")
      .filter({ hasText: "@autodm_demo_shop" });
    await row.waitFor();
    await row.getByText("Connected", { exact: true }).waitFor();
    await row.getByRole("button", { name: "Disconnect @autodm_demo_shop" }).waitFor();
    await tab.screenshot("accounts-desktop");
    tab.assertClean();
  });

  it("creates comment-to-DM from its template", async () => {
    const { page } = tab;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Templates" }).click();
    await page.getByRole("list", { name: "Templates" }).waitFor();
    await tab.screenshot("templates-desktop");
    await page.getByRole("button", { name: "Use template Comment to DM link" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Link to send").fill("not a link");
    await dialog.getByRole("button", { name: "Create and switch on" }).click();
    await dialog.getByText("Enter a full link, starting with https://").waitFor();
    await dialog.getByLabel("Link to send").fill("https://shop.example/spring");
    await dialog.getByRole("button", { name: "Create and switch on" }).click();
    await page.waitForURL(/\/automations\/[0-9a-f-]{36}$/);
    tab.assertClean();
  });

  it("shows the private reply in the test phone and a success row in the activity log", async () => {
    const { page } = tab;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Test phone" }).click();
    await page.getByRole("tab", { name: "Comment" }).click();
    await page.getByLabel("Comment text").fill("LINK");
    await page.getByRole("button", { name: "Post comment" }).click();
    const conversation = page.getByRole("log", { name: "Conversation" });
    await conversation.getByText("https://shop.example/spring").first().waitFor({ timeout: 30_000 });
    await tab.screenshot("test-phone-desktop");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Activity" }).click();
    const table = page.getByRole("table", { name: "Activity" });
    await table.getByRole("row").filter({ hasText: "Success" }).first().waitFor({ timeout: 30_000 });
    await tab.screenshot("activity-desktop");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home" }).click();
    await page.getByText("3 of 4 done").waitFor();
    const totals = page.getByRole("region", { name: "Totals" });
    await totals.getByText("100%").waitFor();
    await page.locator(".recharts-surface").first().waitFor();
    await tab.screenshot("home-desktop");
    tab.assertClean();
  });

  it("shows an expired account with its reason, and reconnecting resumes the waiting reply", async () => {
    const { page } = tab;
    // Instagram stops accepting the token; a follower comments meanwhile.
    const control = (path: string, body: unknown) =>
      page.evaluate(
        async ([p, b]) =>
          (
            await fetch(`/sandbox/control${p}`, {
              method: "POST",
              credentials: "include",
              headers: { "content-type": "application/json" },
              body: JSON.stringify(b),
            })
          ).status,
        [path, body] as const,
      );
    expect(await control("/tokens/expire", { accountId: DEMO.account.id })).toBe(200);
    expect(
      await control(`/people/${DEMO.people.nonFollower}/comments`, {
        mediaId: DEMO.media.post1,
        text: "LINK",
      }),
    ).toBeLessThan(300);

    await page.goto("/accounts");
    const row = page
      .getByRole("list", { name: "Connected accounts" })
      .getByRole("listitem")
      .filter({ hasText: "@autodm_demo_shop" });
    await expect
      .poll(
        async () => {
          await page.reload();
          await row.waitFor();
          return row.getByText("Expired", { exact: true }).count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(1);
    await row.getByText("reconnect to resume", { exact: false }).waitFor();
    await tab.screenshot("accounts-expired-desktop");

    await row.getByRole("link", { name: "Reconnect @autodm_demo_shop" }).click();
    await page.getByRole("button", { name: "Allow" }).click();
    await page.getByText("is connected").waitFor();
    await page.goto("/activity");
    const table = page.getByRole("table", { name: "Activity" });
    await expect
      .poll(() => table.getByRole("row").filter({ hasText: "Success" }).count(), { timeout: 30_000 })
      .toBe(2);
    tab.assertClean();
  });

  it("signs out and back in", async () => {
    const { page } = tab;
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill("wrong password 123");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").waitFor();
    tab.errors.length = 0; // the refused sign-in is expected to log a 401
    await tab.screenshot("sign-in-desktop");
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Hello, Olivia" }).waitFor();
    tab.assertClean();
  });

  it("is usable at 375 px", async () => {
    const phone = await openPage(browser, { baseURL: app.url, viewport: PHONE });
    try {
      await phone.context.addCookies(await tab.context.cookies());
      const { page } = phone;
      const pages: [string, string][] = [
        ["/", "home"],
        ["/accounts", "accounts"],
        ["/templates", "templates"],
        ["/get-started", "setup-guide"],
        ["/automations", "automations"],
        ["/activity", "activity"],
        ["/test-phone", "test-phone"],
      ];
      for (const [path, name] of pages) {
        await page.goto(path);
        await page.getByRole("heading", { level: 1 }).first().waitFor();
        await page.waitForLoadState("networkidle");
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
        await phone.screenshot(`${name}-375`);
      }
      await page.getByRole("button", { name: "Menu" }).click();
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Accounts" }).click();
      await page.waitForURL("**/accounts");
      // Disconnecting asks first, in a dialog.
      await page.getByRole("button", { name: "Disconnect @autodm_demo_shop" }).click();
      const dialog = page.getByRole("dialog", { name: "Disconnect @autodm_demo_shop?" });
      await phone.screenshot("accounts-disconnect-375", { fullPage: false });
      await dialog.getByRole("button", { name: "Disconnect" }).click();
      await page.getByText("No account connected yet").waitFor();
      await page.getByRole("status").filter({ hasText: "is disconnected" }).waitFor();
      // Last: signing out here ends the session this test borrowed.
      await page.getByRole("button", { name: "Menu" }).click();
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      await phone.screenshot("sign-in-375");
      phone.assertClean();
    } finally {
      await phone.close();
    }
  });
});
