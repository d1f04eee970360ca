import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TrackedPage } from "./support/browser.ts";
import { type OwnerApp, startOwnerApp } from "./support/owner-app.ts";
import { noBrowser } from "./support/skip.ts";

/**
 * The test phone and the activity log together, in a real browser: a DM gets the welcome
 * message with its quick replies, tapping one is recorded (and, with no automation for it,
 * shows up as skipped with its reason explained), the status filter narrows the log, and
 * advancing the sandbox clock closes the 24-hour window.
 */
describe.skipIf(noBrowser())("the test phone and the activity log", () => {
  let tab: TrackedPage;
  let fixture: OwnerApp | undefined;

  beforeAll(async () => {
    fixture = await startOwnerApp(
      { name: "Pia Phone", email: "pia@example.test", password: "a long enough password" },
      { connectSandbox: true },
    );
    ({ tab } = fixture);
    const { page } = tab;
    await page.goto("/automations/new?template=welcomeMessage");
    await page.getByRole("button", { name: "Save and enable" }).click();
    await page.waitForURL(/\/automations\/[0-9a-f-]{36}$/);
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it("answers a DM live in the phone, and records a quick-reply tap", async () => {
    const { page } = tab;
    await page.goto("/test-phone");
    await page.getByLabel("Simulated person").selectOption({ label: "@sam_browses (Sam Stranger)" });
    await page.getByRole("tab", { name: "DM" }).click();
    await page.getByLabel("Message text").fill("hello!");
    await page.getByRole("button", { name: "Send DM" }).click();
    const conversation = page.getByRole("log", { name: "Conversation" });
    await conversation.getByText("How can we help you today?").waitFor({ timeout: 30_000 });
    await page.getByText("Window open · 23 h left").waitFor();
    await conversation.getByRole("button", { name: "Prices" }).click();
    await conversation.getByText("Tapped a quick reply").waitFor();
    await expect(conversation.getByRole("button", { name: "Prices" }).count()).resolves.toBe(0);
    await tab.screenshot("test-phone-quick-reply-desktop");
    tab.assertClean();
  });

  it("explains the skipped tap in the activity log and filters by status", async () => {
    const { page } = tab;
    await page.goto("/activity");
    const table = page.getByRole("table", { name: "Activity" });
    const skipped = table.getByRole("row").filter({ hasText: "Prices" });
    await skipped.getByText("Skipped").waitFor({ timeout: 30_000 });
    await table.getByRole("row").filter({ hasText: "hello!" }).getByText("Success").waitFor();
    await skipped.getByRole("button", { name: "Why?" }).click();
    await table.getByText("None of your enabled automations has a trigger or keyword").waitFor();
    await tab.screenshot("activity-why-desktop");

    await page.getByLabel("Status").selectOption("skipped");
    await table.getByRole("row").filter({ hasText: "Prices" }).waitFor();
    await expect(table.getByRole("row").filter({ hasText: "hello!" }).count()).resolves.toBe(0);
    tab.assertClean();
  });

  it("closes the 24-hour window when the sandbox clock jumps 25 hours", async () => {
    const { page } = tab;
    await page.goto("/test-phone");
    await page.getByLabel("Simulated person").selectOption({ label: "@sam_browses (Sam Stranger)" });
    await page.getByText(/Window open/).waitFor();
    await page.getByRole("button", { name: "Advance 25 hours" }).click();
    await page.getByText("Window closed").waitFor();
    tab.assertClean();
  });
});
