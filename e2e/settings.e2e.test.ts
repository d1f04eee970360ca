import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authSessions } from "../src/server/db/schema/index.ts";
import { memberWithRole, signIn } from "../test/support/auth-helper.ts";
import { DESKTOP, openPage, PHONE, type TrackedPage } from "./support/browser.ts";
import type { E2eApp } from "./support/e2e-app.ts";
import { type OwnerApp, startOwnerApp } from "./support/owner-app.ts";
import { noBrowser } from "./support/skip.ts";

const OWNER = { name: "Sofia Settings", email: "sofia@example.test", password: "a long enough password" };

/**
 * Settings in a real browser against the real runtime: an owner creates an API key (shown
 * once, then only masked; it works until revoked), invites a viewer and gets the link to send,
 * changes a member's role and removes them, and signs out a second session.
 */
describe.skipIf(noBrowser())("settings: API keys, members, sessions", () => {
  let app: E2eApp;
  let browser: Browser;
  let tab: TrackedPage;
  let fixture: OwnerApp | undefined;

  const meWith = (key: string) => fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    fixture = await startOwnerApp(OWNER);
    ({ app, browser, tab } = fixture);
    await tab.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it("creates an API key that is shown once, then masked, and stops working when revoked", async () => {
    const { page } = tab;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API keys" }).click();
    await page.getByText("No API key yet").waitFor();

    // Inline validation before anything is sent.
    await page.getByRole("button", { name: "Create key" }).click();
    await page.getByText("Give the key a name").waitFor();

    await page.getByLabel("Name").fill("CRM sync");
    await page.getByLabel("Role").selectOption("viewer");
    await page.getByLabel("Expires").selectOption("30");
    await page.getByRole("button", { name: "Create key" }).click();
    await page.getByText("Copy this key now — it will not be shown again.").waitFor();
    const keyField = page.getByRole("textbox", { name: 'API key "CRM sync"' });
    const key = await keyField.inputValue();
    expect(key).toMatch(/^adm_\S{20,}$/);
    await page.getByRole("button", { name: 'Copy API key "CRM sync"' }).click();
    await page.getByRole("button", { name: /^Copied/ }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(key);
    await tab.screenshot("settings-api-key-created-desktop");

    // The key works, with the role it was given.
    const me = await meWith(key);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { role: string }).role).toBe("viewer");

    await page.getByRole("button", { name: "I have copied it" }).click();
    const list = page.getByRole("list", { name: "API keys" });
    const row = list.getByRole("listitem").filter({ hasText: "CRM sync" });
    await row.getByText("last used").waitFor();
    const rowText = (await row.textContent()) ?? "";
    expect(rowText).toContain(`${key.slice(0, 10)}…`);
    expect(rowText).toMatch(/expires/);
    // Shown once: the whole key is nowhere on the page any more, even after a reload.
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(key);
    await tab.screenshot("settings-api-keys-desktop");

    await row.getByRole("button", { name: "Revoke CRM sync" }).click();
    const dialog = page.getByRole("dialog", { name: 'Revoke "CRM sync"?' });
    await dialog.getByRole("button", { name: "Revoke key" }).click();
    await page.getByText("No API key yet").waitFor();
    expect((await meWith(key)).status).toBe(401);
    tab.assertClean();
  });

  it("invites a viewer and shows the link to send, listed with the pending invitations", async () => {
    const { page } = tab;
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Members" }).click();
    const members = page.getByRole("list", { name: "Members" });
    await members.getByText("sofia@example.test").waitFor();
    await members.getByText("You").waitFor();

    await page.getByLabel("Email").fill("not an address");
    await page.getByRole("button", { name: "Invite" }).click();
    await page.getByText("Enter an email address.").waitFor();

    await page.getByLabel("Email").fill("vera@example.test");
    await page.getByLabel("Role").selectOption("viewer");
    await page.getByRole("button", { name: "Invite" }).click();
    const link = page.getByRole("textbox", { name: "Invitation link for vera@example.test" });
    const url = await link.inputValue();
    expect(url).toMatch(new RegExp(`^${app.url}/accept-invitation/[\\w-]+$`));
    const pending = page.getByRole("list", { name: "Pending invitations" });
    const invitation = pending.getByRole("listitem").filter({ hasText: "vera@example.test" });
    await invitation.getByText("Viewer").waitFor();
    await tab.screenshot("settings-members-desktop");
    // Later (the banner gone), the pending invitation still offers its link.
    await page.reload();
    await expect(
      invitation.getByRole("textbox", { name: "Invitation link for vera@example.test" }).inputValue(),
    ).resolves.toBe(url);

    // The link leads to the real invitation page.
    const res = await fetch(url);
    expect(res.status).toBe(200);

    // A second invitation, cancelled: it leaves the pending list.
    await page.getByLabel("Email").fill("oops@example.test");
    await page.getByRole("button", { name: "Invite" }).click();
    const oops = pending.getByRole("listitem").filter({ hasText: "oops@example.test" });
    await oops.waitFor();
    await oops.getByRole("button", { name: "Cancel the invitation of oops@example.test" }).click();
    await page.getByText("Invitation cancelled.").waitFor();
    await oops.waitFor({ state: "detached" });
    await expect(pending.getByRole("listitem").count()).resolves.toBe(1);
    tab.assertClean();
  });

  it("changes a member's role and removes them", async () => {
    const { page } = tab;
    const owner = await signIn(app.url, app.url, OWNER.email, OWNER.password);
    const editor = await memberWithRole(app.url, owner, "editor");
    await page.reload();
    const members = page.getByRole("list", { name: "Members" });
    const row = members.getByRole("listitem").filter({ hasText: editor.email });
    await row.getByLabel(`Role of ${editor.email}`).selectOption("agent");
    await page.getByText("is now agent").waitFor();
    const me = await fetch(`${app.url}/api/me`, { headers: editor.headers() });
    expect(((await me.json()) as { role: string }).role).toBe("agent");

    await row.getByRole("button", { name: `Remove ${editor.email}` }).click();
    await page
      .getByRole("dialog", { name: `Remove ${editor.email}?` })
      .getByRole("button", { name: "Remove" })
      .click();
    await page.getByText(`${editor.email} is no longer a member.`).waitFor();
    await row.waitFor({ state: "detached" });
    await expect(members.getByRole("listitem").count()).resolves.toBe(1);
    // Removed: their session falls back to their own workspace, not this one.
    const workspaceOf = async (h: Record<string, string>) =>
      ((await (await fetch(`${app.url}/api/me`, { headers: h })).json()) as { workspace: { id: string } })
        .workspace.id;
    expect(await workspaceOf(editor.headers())).not.toBe(await workspaceOf(owner.headers()));
    tab.assertClean();
  });

  it("marks this device and signs out every other session", async () => {
    const { page } = tab;
    const other = await signIn(app.url, app.url, OWNER.email, OWNER.password);
    expect((await fetch(`${app.url}/api/me`, { headers: other.headers() })).status).toBe(200);
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Sessions" }).click();
    const sessions = page.getByRole("list", { name: "Sessions" });
    await sessions.getByText("This device").waitFor();
    // The sign-in above, the helper's in the previous test, and this browser's.
    await expect(sessions.getByRole("listitem").count()).resolves.toBeGreaterThanOrEqual(2);
    await tab.screenshot("settings-sessions-desktop");
    await page.getByRole("button", { name: "Sign out everywhere else" }).click();
    await page
      .getByRole("dialog", { name: "Sign out everywhere else?" })
      .getByRole("button", { name: /^Sign out \d+ other/ })
      .click();
    await page.getByText("Signed out everywhere else.").waitFor();
    await expect.poll(() => sessions.getByRole("listitem").count()).toBe(1);
    expect((await fetch(`${app.url}/api/me`, { headers: other.headers() })).status).toBe(401);
    // This browser is still signed in.
    await page.reload();
    await sessions.getByText("This device").waitFor();
    tab.assertClean();
  });

  it("still signs out everywhere else when the sign-in is too old to list the sessions", async () => {
    const { page } = tab;
    const other = await signIn(app.url, app.url, OWNER.email, OWNER.password);
    // better-auth lists sessions only within a day (its freshAge) of the sign-in.
    await app.runtime.database.db
      .update(authSessions)
      .set({ createdAt: new Date(Date.now() - 2 * 86_400_000) });
    await page.reload();
    await page.getByText("the list of sessions shows only within a day of signing in").waitFor();
    await page.getByRole("button", { name: "Sign out everywhere else" }).click();
    await page
      .getByRole("dialog", { name: "Sign out everywhere else?" })
      .getByRole("button", { name: "Sign out other sessions" })
      .click();
    await page.getByText("Signed out everywhere else.").waitFor();
    expect((await fetch(`${app.url}/api/me`, { headers: other.headers() })).status).toBe(401);
    // The list's refused request (403, SESSION_NOT_FRESH) is the expected answer, shown as a message.
    tab.errors.splice(
      0,
      tab.errors.length,
      ...tab.errors.filter((e) => !(e.includes("status of 403") && e.includes("/api/auth/list-sessions"))),
    );
    tab.assertClean();
  });

  it("works from the keyboard, with a visible focus ring", async () => {
    const { page } = tab;
    await page.goto("/settings?tab=api-keys");
    await page.getByLabel("Name").focus();
    await page.keyboard.type("Keyboard key");
    await page.keyboard.press("Enter");
    const done = page.getByRole("button", { name: "I have copied it" });
    await done.waitFor();
    await done.focus();
    await expect(done.evaluate((el) => getComputedStyle(el).outlineStyle)).resolves.toBe("solid");
    await page.keyboard.press("Enter");
    await done.waitFor({ state: "detached" });

    const revoke = page.getByRole("button", { name: "Revoke Keyboard key" });
    await revoke.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: 'Revoke "Keyboard key"?' });
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    // The native dialog hands focus back to the button that opened it.
    await expect(revoke.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press("Enter");
    await dialog.getByRole("button", { name: "Revoke key" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("No API key yet").waitFor();
    tab.assertClean();
  });

  it("shows a viewer only their own sessions", async () => {
    const owner = await signIn(app.url, app.url, OWNER.email, OWNER.password);
    const viewer = await memberWithRole(app.url, owner, "viewer");
    const t = await openPage(browser, { baseURL: app.url, viewport: DESKTOP });
    try {
      await t.context.addCookies(
        viewer.cookie.split("; ").map((pair) => {
          const i = pair.indexOf("=");
          return { name: pair.slice(0, i), value: pair.slice(i + 1), url: app.url };
        }),
      );
      await t.page.goto("/settings?tab=members");
      await t.page.getByRole("list", { name: "Sessions" }).getByText("This device").waitFor();
      const tabs = t.page.getByRole("navigation", { name: "Settings" }).getByRole("link");
      await expect(tabs.allTextContents()).resolves.toEqual(["Sessions"]);
      await expect(t.page.getByRole("heading", { name: "Invite someone" }).count()).resolves.toBe(0);
      t.assertClean();
    } finally {
      await t.close();
    }
  });

  it("fits a phone screen", async () => {
    const phone = await openPage(browser, { baseURL: app.url, viewport: PHONE });
    try {
      await phone.context.addCookies(await tab.context.cookies());
      await phone.page.goto("/settings?tab=members");
      await phone.page.getByRole("list", { name: "Members" }).getByText("sofia@example.test").waitFor();
      const overflow = await phone.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await phone.screenshot("settings-members-375");
      await phone.page.goto("/settings?tab=api-keys");
      await phone.page.getByRole("button", { name: "Create key" }).waitFor();
      await phone.screenshot("settings-api-keys-375");
      phone.assertClean();
    } finally {
      await phone.close();
    }
  });
});
