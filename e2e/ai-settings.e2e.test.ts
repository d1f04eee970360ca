import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberWithRole, signIn, type TestSession } from "../test/support/auth-helper.ts";
import { DESKTOP, openPage, PHONE, type TrackedPage } from "./support/browser.ts";
import type { E2eApp } from "./support/e2e-app.ts";
import { type OwnerApp, startOwnerApp } from "./support/owner-app.ts";
import { noBrowser } from "./support/skip.ts";

const OWNER = { name: "Ada AI", email: "ada@example.test", password: "a long enough password" };

/**
 * AI replies in a real browser against the real runtime, with no AI key anywhere: the page
 * says "Offline answers", Try it answers from the sandbox shop's FAQ, an edited FAQ is saved
 * and answers at once, the form refuses what the server would, and a provider key is saved
 * (shown masked), changes who answers, and is removed. No model is ever called.
 */
describe.skipIf(noBrowser())("AI replies settings", () => {
  let app: E2eApp;
  let browser: Browser;
  let tab: TrackedPage;
  let fixture: OwnerApp | undefined;

  /** A browser tab signed in as `session` (its cookie copied into a new context). */
  async function tabAs(session: TestSession, viewport = DESKTOP) {
    const t = await openPage(browser, { baseURL: app.url, viewport });
    await t.context.addCookies(
      session.cookie.split("; ").map((pair) => {
        const i = pair.indexOf("=");
        return { name: pair.slice(0, i), value: pair.slice(i + 1), url: app.url };
      }),
    );
    return t;
  }

  beforeAll(async () => {
    fixture = await startOwnerApp(OWNER, { connectSandbox: true });
    ({ app, browser, tab } = fixture);
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it("says Offline answers without a key, and Try it answers a FAQ question", async () => {
    const { page } = tab;
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "AI replies" }).click();
    await page.getByRole("heading", { name: "AI replies" }).waitFor();
    await page
      .getByRole("region", { name: "Who answers" })
      .getByText("Offline answers", { exact: true })
      .waitFor();
    await page.getByText("Answers come from your FAQ").waitFor();
    await page.getByText("Add an API key below to let a model write the answers.").waitFor();
    // The sandbox account starts with the demo shop's FAQ.
    await expect(page.getByLabel("Question 1", { exact: true }).inputValue()).resolves.toBe(
      "How much do the mugs cost?",
    );

    await page.getByRole("button", { name: "Try it" }).click();
    await page.getByText("Type a message a customer might send.").waitFor();
    await page.getByLabel("Customer message").fill("do you ship internationally?");
    await page.getByRole("button", { name: "Try it" }).click();
    const reply = page.getByLabel("Reply");
    await reply.getByText("We ship across Europe").waitFor();
    await page.getByText("Answered from your FAQ (offline answers)").waitFor();
    await tab.screenshot("ai-settings-desktop");
    await tab.screenshot("ai-settings-top-desktop", { fullPage: false });
    tab.assertClean();
  });

  it("saves an edited FAQ, which answers at once; refuses an invalid form before sending", async () => {
    const { page } = tab;
    await page.getByRole("button", { name: "Add a question" }).click();
    const rows = page.getByRole("list", { name: "FAQ entries" }).getByRole("listitem");
    const n = await rows.count();
    await page.getByLabel(`Question ${n}`, { exact: true }).fill("Do you have a loyalty programme?");
    await page.getByLabel(`Answer ${n}`, { exact: true }).fill("Yes! Every tenth mug is on us.");
    await page.getByText("Unsaved changes").waitFor();

    // Leaving with unsaved edits asks first; staying keeps them.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Accounts" }).click();
    const leave = page.getByRole("dialog", { name: "Leave without saving?" });
    await leave.getByRole("button", { name: "Stay" }).click();
    await leave.waitFor({ state: "hidden" });
    expect(new URL(page.url()).pathname).toBe("/ai");
    await expect(page.getByLabel(`Answer ${n}`, { exact: true }).inputValue()).resolves.toBe(
      "Yes! Every tenth mug is on us.",
    );

    // Try it uses the unsaved form.
    await page.getByLabel("Customer message").fill("is there a loyalty programme");
    await page.getByRole("button", { name: "Try it" }).click();
    await page.getByLabel("Reply").getByText("Every tenth mug is on us.").waitFor();

    // Invalid: the reply length and a custom tone without words, named at their fields.
    await page.getByLabel("Longest reply (characters)").fill("10");
    await page.getByRole("radio", { name: "Your own words" }).check();
    await page.getByRole("button", { name: "Save AI settings" }).click();
    await page.getByText("Enter a whole number of characters between 40 and 1000.").waitFor();
    await page.getByText("Tone words must not be empty").waitFor();
    await expect(page.getByLabel("Longest reply (characters)").getAttribute("aria-invalid")).resolves.toBe(
      "true",
    );
    await page.getByLabel("Longest reply (characters)").fill("300");
    await page.getByLabel("Tone in your words").fill("warm, a little nerdy");
    await page.getByRole("button", { name: "Save AI settings" }).click();
    await page.getByText("AI settings saved.").waitFor();
    await page.getByText("All changes saved").waitFor();

    // Saved on the server: a reload shows it, and the usage counts both tries.
    await page.reload();
    await expect(page.getByLabel(`Question ${n}`, { exact: true }).inputValue()).resolves.toBe(
      "Do you have a loyalty programme?",
    );
    await expect(page.getByLabel("Tone in your words").inputValue()).resolves.toBe("warm, a little nerdy");
    const requests = page
      .getByRole("region", { name: "Who answers" })
      .getByText("Requests", { exact: true })
      .locator("xpath=following-sibling::dd");
    await expect(requests.textContent()).resolves.toBe("2");
    tab.assertClean();
  });

  it("saves a provider key shown masked, which then answers; removing it brings offline answers back", async () => {
    const { page } = tab;
    const keys = page.getByRole("list", { name: "Provider keys" });
    const openai = keys.getByRole("listitem").filter({ hasText: "OpenAI" }).first();
    await openai.getByText("Not set").waitFor();
    await openai.getByRole("button", { name: "Add OpenAI key" }).click();
    await openai.getByRole("button", { name: "Save OpenAI key" }).click();
    await openai.getByText("Paste the API key.").waitFor();
    await openai.getByLabel("OpenAI API key").fill("sk-test-0123456789abcdef");
    await openai.getByRole("button", { name: "Save OpenAI key" }).click();
    await openai.getByText("Workspace key").waitFor();
    await openai.getByText("sk-…def").waitFor();
    expect(await page.content()).not.toContain("sk-test-0123456789abcdef");
    // "Automatic" now picks the workspace's OpenAI key.
    await page.getByText("With this workspace's key.").waitFor();
    await page.getByText("gpt-4o-mini").first().waitFor();
    await expect(
      page.getByRole("region", { name: "Who answers" }).getByText("Offline answers", { exact: true }).count(),
    ).resolves.toBe(0);
    await openai.scrollIntoViewIfNeeded();
    await tab.screenshot("ai-settings-key-desktop", { fullPage: false });

    await openai.getByRole("button", { name: "Remove OpenAI key" }).click();
    await openai.getByText("Not set").waitFor();
    await page
      .getByRole("region", { name: "Who answers" })
      .getByText("Offline answers", { exact: true })
      .waitFor();
    tab.assertClean();
  });

  it("lets an editor edit but not manage keys, and a viewer only look", async () => {
    const owner = await signIn(app.url, app.url, OWNER.email, OWNER.password);
    const editorTab = await tabAs(await memberWithRole(app.url, owner, "editor"));
    try {
      const { page } = editorTab;
      await page.goto("/ai");
      await page.getByRole("button", { name: "Save AI settings" }).waitFor();
      await page.getByRole("button", { name: "Try it" }).waitFor();
      await page.getByText("Ask an admin to add an API key").waitFor();
      await expect(page.getByRole("heading", { name: "Provider keys" }).count()).resolves.toBe(0);
      editorTab.assertClean();
    } finally {
      await editorTab.close();
    }
    const viewerTab = await tabAs(await memberWithRole(app.url, owner, "viewer"));
    try {
      const { page } = viewerTab;
      await page.goto("/ai");
      await page.getByText("Your role can look at the AI settings but not change them.").waitFor();
      await expect(
        page.getByLabel("Question 1", { exact: true }).getAttribute("readonly"),
      ).resolves.not.toBeNull();
      await expect(
        page.getByRole("button", { name: /Save AI settings|Try it|Add a question/ }).count(),
      ).resolves.toBe(0);
      await expect(page.getByRole("heading", { name: "Provider keys" }).count()).resolves.toBe(0);
      viewerTab.assertClean();
    } finally {
      await viewerTab.close();
    }
  });

  it("fits a phone screen", async () => {
    const phone = await openPage(browser, { baseURL: app.url, viewport: PHONE });
    try {
      await phone.context.addCookies(await tab.context.cookies());
      await phone.page.goto("/ai");
      await phone.page
        .getByRole("region", { name: "Who answers" })
        .getByText("Offline answers", { exact: true })
        .waitFor();
      await phone.page.getByLabel("Question 1", { exact: true }).waitFor();
      const overflow = await phone.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await phone.screenshot("ai-settings-375", { fullPage: false });
      await phone.page.getByRole("heading", { name: "Try it" }).scrollIntoViewIfNeeded();
      await phone.screenshot("ai-settings-try-375", { fullPage: false });
      await phone.page.getByRole("heading", { name: "How to sound" }).scrollIntoViewIfNeeded();
      await phone.screenshot("ai-settings-tone-375", { fullPage: false });
      phone.assertClean();
    } finally {
      await phone.close();
    }
  });
});
