import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invite, signUp, type TestSession } from "../test/support/auth-helper.ts";
import { DESKTOP, fillAccountForm, launchBrowser, openPage, type TrackedPage } from "./support/browser.ts";
import { type E2eApp, startE2eApp } from "./support/e2e-app.ts";
import { noBrowser } from "./support/skip.ts";

const VIEWER = {
  name: "Victor Viewer",
  email: "victor@example.test",
  password: "correct horse battery staple",
};

/** A viewer joins through an invitation link and can look, but nothing offers them to edit. */
describe.skipIf(noBrowser())("a viewer cannot edit", () => {
  let app: E2eApp;
  let browser: Browser;
  let tab: TrackedPage;
  let owner: TestSession;
  let automationId: string;
  let invitationId: string;

  beforeAll(async () => {
    app = await startE2eApp();
    owner = await signUp(app.url, app.url, { email: "owner@example.test", name: "Olga Owner" });
    const res = await fetch(`${app.url}/api/automation-templates/commentToDmLink`, {
      method: "POST",
      headers: owner.headers(),
      body: JSON.stringify({ link: "https://shop.example/a" }),
    });
    expect(res.status).toBe(201);
    automationId = ((await res.json()) as { id: string }).id;
    invitationId = await invite(app.url, owner, VIEWER.email, "viewer");
    browser = await launchBrowser();
    tab = await openPage(browser, { baseURL: app.url, viewport: DESKTOP });
  });

  afterAll(async () => {
    await tab?.close();
    await browser?.close();
    await app?.stop();
  });

  it("joins the workspace from the invitation link", async () => {
    const { page } = tab;
    await page.goto(`/accept-invitation/${invitationId}`);
    await page.getByRole("link", { name: "Create an account" }).click();
    await fillAccountForm(page, VIEWER);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("button", { name: "Accept the invitation" }).click();
    await page.getByRole("heading", { name: "Hello, Victor" }).waitFor();
    await expect(page.getByLabel("Workspace").inputValue()).resolves.not.toBe("");
    await expect(page.getByRole("combobox", { name: "Workspace" }).textContent()).resolves.toContain(
      "(viewer)",
    );
    tab.assertClean();
  });

  it("sees no edit, connect or test controls", async () => {
    const { page } = tab;
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Home" }).waitFor();
    await expect(nav.getByRole("link", { name: "Test phone" }).count()).resolves.toBe(0);
    await expect(nav.getByRole("link", { name: "Setup guide" }).count()).resolves.toBe(0);
    await page.getByRole("region", { name: "Totals" }).waitFor();
    await expect(page.getByRole("link", { name: "Start from a template" }).count()).resolves.toBe(0);
    await expect(page.getByRole("heading", { name: "Get started" }).count()).resolves.toBe(0);
    await tab.screenshot("viewer-home-desktop");

    await nav.getByRole("link", { name: "Templates" }).click();
    await page.getByRole("list", { name: "Templates" }).waitFor();
    await expect(page.getByRole("button", { name: /Use template/ }).count()).resolves.toBe(0);
    await expect(page.getByRole("link", { name: /Customize/ }).count()).resolves.toBe(0);

    await nav.getByRole("link", { name: "Accounts" }).click();
    await page.getByRole("heading", { name: "Connected accounts" }).waitFor();
    await expect(page.getByRole("heading", { name: "Connect an account" }).count()).resolves.toBe(0);
    await page.getByText("Ask an owner, admin or editor").waitFor();

    // The automations list and the editor show, read-only.
    await nav.getByRole("link", { name: "Automations" }).click();
    await page.getByText('Comment "LINK"').first().waitFor();
    await expect(page.getByRole("link", { name: "New automation" }).count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: /^(Enable|Disable)/ }).count()).resolves.toBe(0);
    await page.goto(`/automations/${automationId}`);
    await page.getByText("Your role can look at automations but not change them.").waitFor();
    await expect(page.getByRole("button", { name: /^Save/ }).count()).resolves.toBe(0);
    await tab.screenshot("viewer-automation-desktop");

    // Typed addresses of editing pages send a viewer home.
    await page.goto("/automations/new");
    await page.waitForURL((u) => u.pathname === "/");
    await page.goto("/test-phone");
    await page.waitForURL((u) => u.pathname === "/");

    // The server agrees: the viewer's session may not change the automation.
    const status = await page.evaluate(
      async (id) =>
        (await fetch(`/api/automations/${id}/disable`, { method: "POST", credentials: "include" })).status,
      automationId,
    );
    expect(status).toBe(403);
    tab.errors.length = 0; // the refused request above is expected to log a 403
    tab.assertClean();
  });

  it("switches to the viewer's own workspace, where they are the owner", async () => {
    const { page } = tab;
    await page.goto("/");
    const switcher = page.getByRole("combobox", { name: "Workspace" });
    const own = await switcher.locator("option", { hasText: "(owner)" }).getAttribute("value");
    await switcher.selectOption(own as string);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Test phone" }).waitFor();
    await page.getByRole("heading", { name: "Get started" }).waitFor();
    tab.assertClean();
  });
});
