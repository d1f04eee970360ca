import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TrackedPage } from "./support/browser.ts";
import { type OwnerApp, startOwnerApp } from "./support/owner-app.ts";
import { noBrowser } from "./support/skip.ts";

/**
 * The automation builder's inline validation, in a real browser: Meta's limits (1000 UTF-8
 * bytes, 13 quick replies, 20-character titles) show next to their field as you type, saving
 * is refused while they stand (nothing reaches the server), and the same automation saves once
 * they are fixed. The preview follows the form.
 */
describe.skipIf(noBrowser())("the automation builder's validation", () => {
  let tab: TrackedPage;
  let fixture: OwnerApp | undefined;

  const automationCount = () =>
    tab.page.evaluate(async () => {
      const res = await fetch("/api/automations");
      return ((await res.json()) as { automations: unknown[] }).automations.length;
    });

  const automationEnabled = () =>
    tab.page.evaluate(async () => {
      const res = await fetch("/api/automations");
      return ((await res.json()) as { automations: { enabled: boolean }[] }).automations[0]?.enabled;
    });

  beforeAll(async () => {
    fixture = await startOwnerApp({
      name: "Bea Builder",
      email: "bea@example.test",
      password: "a long enough password",
    });
    ({ tab } = fixture);
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it("shows too long text, too many quick replies and a long title inline, and blocks the save", async () => {
    const { page } = tab;
    await page.goto("/automations/new");
    await page.getByRole("heading", { name: "New automation" }).waitFor();
    await page.getByLabel("Name").fill("Price reply");
    await page.getByRole("radio", { name: /DM keyword/ }).check();

    await page.getByRole("button", { name: /^2\. Conditions/ }).click();
    await page.getByRole("button", { name: "Add a keyword" }).click();
    await page.getByLabel("Keyword 1", { exact: true }).fill("price");

    await page.getByRole("button", { name: /^3\. Actions/ }).click();
    const action = page.getByRole("region", { name: "1. Send a message" });
    // 501 × "é" = 1002 bytes: under 1000 characters, over Meta's 1000 bytes.
    await action.getByLabel("Variation 1", { exact: true }).fill("é".repeat(501));
    await action.getByText("1002 / 1000 bytes").waitFor();
    await action.getByText("is 1002 bytes; Instagram allows 1000 bytes of UTF-8").waitFor();
    await expect(
      action.getByLabel("Variation 1", { exact: true }).getAttribute("aria-invalid"),
    ).resolves.toBe("true");

    await action.getByRole("radio", { name: "Quick replies" }).check();
    for (let i = 1; i < 14; i++) await action.getByRole("button", { name: "Add a quick reply" }).click();
    for (let i = 1; i <= 14; i++) {
      await action
        .getByLabel(`Quick reply ${i} title`, { exact: true })
        .fill(i === 1 ? "A title that is far too long" : `Option ${i}`);
    }
    await action.getByText("at most 13 quick replies").waitFor();
    await action.getByText("14 / 13 quick replies").waitFor();
    await action.getByText("title has 28 characters; at most 20").waitFor();
    // The preview shows the title as Instagram would: cut after 20 characters.
    await page.getByRole("complementary", { name: "Preview" }).getByText("A title that is far …").waitFor();
    await page.getByRole("button", { name: /^3\. Actions.*3 errors/ }).waitFor();
    await tab.screenshot("builder-validation-desktop");

    await page.getByRole("button", { name: "Save and enable" }).click();
    await page.getByText("Fix the highlighted fields before saving.").waitFor();
    expect(new URL(page.url()).pathname).toBe("/automations/new");
    await expect(automationCount()).resolves.toBe(0);
    tab.assertClean();
  });

  it("saves once the fields are fixed", async () => {
    const { page } = tab;
    const action = page.getByRole("region", { name: "1. Send a message" });
    await action.getByLabel("Variation 1", { exact: true }).fill("It is 20 € 🙂");
    await action.getByLabel("Quick reply 1 title", { exact: true }).fill("Yes please");
    await action.getByRole("button", { name: "Remove quick reply 14" }).click();
    await expect(action.getByText("13 / 13 quick replies").count()).resolves.toBe(1);
    await expect(action.getByText(/at most/).count()).resolves.toBe(0);
    await page.getByRole("button", { name: "Save and enable" }).click();
    await page.waitForURL(/\/automations\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "Price reply" }).waitFor();
    await expect(automationCount()).resolves.toBe(1);
    tab.assertClean();
  });

  it("disables, enables, duplicates and deletes from the editor", async () => {
    const { page } = tab;
    await page.getByRole("button", { name: "Disable" }).click();
    await page.getByRole("button", { name: "Enable" }).waitFor();
    await expect(automationEnabled()).resolves.toBe(false);
    await page.getByRole("button", { name: "Enable" }).click();
    await page.getByRole("button", { name: "Disable" }).waitFor();
    await expect(automationEnabled()).resolves.toBe(true);
    const original = page.url();
    await page.getByRole("button", { name: "Duplicate" }).click();
    await page.waitForURL(
      (url) => url.toString() !== original && /\/automations\/[0-9a-f-]{36}$/.test(url.pathname),
    );
    await page.getByRole("heading", { name: "Price reply (copy)" }).waitFor();
    await expect(automationCount()).resolves.toBe(2);
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await page.waitForURL("**/automations");
    const list = page.getByRole("list", { name: "Automations" });
    await list.getByRole("link", { name: "Price reply", exact: true }).waitFor();
    await expect(list.getByRole("link", { name: "Price reply (copy)" }).count()).resolves.toBe(0);
    await expect(automationCount()).resolves.toBe(1);
    tab.assertClean();
  });
});
