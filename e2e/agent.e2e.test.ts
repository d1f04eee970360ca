import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invite, signUp } from "../test/support/auth-helper.ts";
import { DESKTOP, fillAccountForm, launchBrowser, openPage } from "./support/browser.ts";
import { type E2eApp, startE2eApp } from "./support/e2e-app.ts";
import { noBrowser } from "./support/skip.ts";

/** The agent role is the inbox role: the inbox and the activity log, and nothing else on offer. */
describe.skipIf(noBrowser())("an agent", () => {
  let app: E2eApp;
  let browser: Browser;
  let invitationId: string;

  beforeAll(async () => {
    // The default sign-up policy: the agent joins through the invitation's link only.
    app = await startE2eApp({ SIGNUP: "invite" });
    const owner = await signUp(app.url, app.url, { email: "owner@example.test", name: "Olga Owner" });
    invitationId = await invite(app.url, owner, "agnes@example.test", "agent");
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("works in the inbox and the activity log only", async () => {
    const agent = await openPage(browser, { baseURL: app.url, viewport: DESKTOP });
    try {
      const { page } = agent;
      await page.goto(`/accept-invitation/${invitationId}`);
      await page.getByRole("link", { name: "Create an account" }).click();
      await fillAccountForm(page, {
        name: "Agnes Agent",
        email: "agnes@example.test",
        password: "correct horse battery staple",
      });
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByRole("button", { name: "Accept the invitation" }).click();
      await page.waitForURL("**/inbox");
      const nav = page.getByRole("navigation", { name: "Main" });
      await nav.getByRole("link", { name: "Activity" }).waitFor();
      // The inbox, activity, and Settings for their own sign-in sessions.
      await expect(nav.getByRole("link").allTextContents()).resolves.toEqual([
        "Inbox",
        "Activity",
        "Settings",
      ]);
      await page.goto("/accounts");
      await page.waitForURL("**/inbox");
      await page.getByRole("heading", { name: "Inbox", level: 1 }).waitFor();
      await page.goto("/activity");
      await page.getByRole("heading", { name: "Activity", level: 1 }).waitFor();
      await page.waitForLoadState("networkidle");
      await agent.screenshot("agent-activity-desktop");
      agent.assertClean();
    } finally {
      await agent.close();
    }
  });
});
