import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPage, PHONE, type TrackedPage } from "./support/browser.ts";
import { type OwnerApp, startOwnerApp } from "./support/owner-app.ts";
import { noBrowser } from "./support/skip.ts";

/**
 * The inbox in a real browser against the real runtime and the sandbox: a DM from the test
 * phone appears in an open inbox without a reload, the owner answers it (a template inserts
 * with the person's name) and the phone receives the answer; after "Advance 25 hours" the
 * window badge is red and the composer says why it is disabled; a 375 px phone shows one pane.
 */
describe.skipIf(noBrowser())("the inbox", () => {
  let fixture: OwnerApp | undefined;
  let tab: TrackedPage;

  beforeAll(async () => {
    fixture = await startOwnerApp(
      { name: "Ivy Inbox", email: "ivy@example.test", password: "a long enough password" },
      { connectSandbox: true },
    );
    ({ tab } = fixture);
  });

  afterAll(async () => {
    await fixture?.close();
  });

  async function sendFromPhone(text: string) {
    const phone = tab.page;
    await phone.goto("/test-phone");
    await phone.getByLabel("Simulated person").selectOption({ label: "@sam_browses (Sam Stranger)" });
    await phone.getByRole("tab", { name: "DM" }).click();
    await phone.getByLabel("Message text").fill(text);
    await phone.getByRole("button", { name: "Send DM" }).click();
  }

  it("shows a new DM live, and the owner's reply reaches the test phone", async () => {
    // The inbox is open in a second tab before the DM is written: it must appear without a reload.
    const inbox = await tab.context.newPage();
    try {
      await inbox.goto("/inbox");
      await inbox.getByRole("heading", { name: "Inbox", level: 1 }).waitFor();
      await inbox.getByText("No conversations yet").waitFor();
      await inbox.getByText("Live", { exact: true }).waitFor();

      await sendFromPhone("hi, is the blue hoodie in stock?");
      const list = inbox.getByRole("list", { name: "Conversations" });
      const row = list.getByRole("button").filter({ hasText: "is the blue hoodie in stock?" });
      await row.waitFor({ timeout: 10_000 });
      await expect(row.getByText("1", { exact: true }).count()).resolves.toBe(1); // unread badge
      await row.getByText(/23 h \d+ min left|24 h left/).waitFor();

      await row.click();
      const thread = inbox.getByRole("log", { name: "Thread" });
      await thread.getByText("hi, is the blue hoodie in stock?").waitFor();
      const reply = inbox.getByLabel("Your reply");
      await reply.fill("Yes! Sizes S to XL, shipping today.");
      await inbox.getByText("35 / 1000 bytes").waitFor();
      await inbox.getByRole("button", { name: "Send", exact: true }).click();
      await thread.getByText("Yes! Sizes S to XL, shipping today.").waitFor();
      await thread.getByText(/^(Sent|Delivered|Read)$/).waitFor({ timeout: 30_000 });
      // Answering by hand pauses the automations in this conversation.
      await inbox
        .getByRole("region", { name: "Conversation details" })
        .getByText(/Paused until/)
        .waitFor();
    } finally {
      await inbox.close();
    }

    const phone = tab.page;
    const conversation = phone.getByRole("log", { name: "Conversation" });
    await conversation.getByText("Yes! Sizes S to XL, shipping today.").waitFor({ timeout: 30_000 });
    tab.assertClean();
  });

  it("inserts a template with the person's name, stars and assigns the conversation", async () => {
    const { page } = tab;
    await page.goto("/inbox");
    // Templates are made in the API (their editor is not part of the inbox page).
    const created = await page.evaluate(async () => {
      const res = await fetch("/api/inbox/templates", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          name: "Thanks",
          category: "follow_up",
          content: "Thanks {{first_name|there}}, talk soon!",
        }),
      });
      return res.status;
    });
    expect(created).toBe(201);
    await page.getByRole("list", { name: "Conversations" }).getByRole("button").first().click();
    const reply = page.getByLabel("Your reply");
    await reply.fill("/tha");
    await page
      .getByRole("list", { name: "Templates" })
      .getByRole("button", { name: /Thanks/ })
      .click();
    await expect.poll(() => reply.inputValue()).toMatch(/^Thanks (Sam|there), talk soon!$/);

    const details = page.getByRole("complementary", { name: "Details" });
    await details.getByRole("button", { name: "☆ Mark as priority" }).click();
    await details.getByRole("button", { name: "★ Priority" }).waitFor();
    await page.getByRole("list", { name: "Conversations" }).getByRole("img", { name: "Priority" }).waitFor();
    await details.getByLabel("Assigned to").selectOption({ label: "Ivy Inbox" });
    await page.getByRole("list", { name: "Conversations" }).getByText("→ Ivy Inbox").waitFor();
    await page.getByRole("button", { name: "Mine" }).click();
    await page.getByRole("list", { name: "Conversations" }).getByText("→ Ivy Inbox").waitFor();
    await tab.screenshot("inbox-desktop");
    tab.assertClean();
  });

  it("turns the window red after 25 hours and says why the composer is disabled", async () => {
    const { page } = tab;
    await page.goto("/test-phone");
    await page.getByLabel("Simulated person").selectOption({ label: "@sam_browses (Sam Stranger)" });
    await page.getByRole("button", { name: "Advance 25 hours" }).click();
    await page.getByText("Window closed").waitFor();
    await page.goto("/inbox");
    const row = page.getByRole("list", { name: "Conversations" }).getByRole("button").first();
    await row.getByText("Window closed").waitFor();
    await row.click();
    await page
      .getByRole("form", { name: "Reply" })
      .getByText(/The 24-hour window closed on .+ The person must write again first/)
      .waitFor();
    await expect(page.getByLabel("Your reply").isDisabled()).resolves.toBe(true);
    tab.assertClean();
  });

  it("shows one pane at a time on a 375 px phone", async () => {
    if (!fixture) throw new Error("no app");
    const phone = await openPage(fixture.browser, { baseURL: fixture.app.url, viewport: PHONE });
    try {
      await phone.context.addCookies(await tab.context.cookies());
      const { page } = phone;
      await page.goto("/inbox");
      const list = page.getByRole("list", { name: "Conversations" });
      await list.getByRole("button").first().click();
      await page.getByRole("log", { name: "Thread" }).waitFor();
      await expect(list.isVisible()).resolves.toBe(false);
      await page.getByRole("button", { name: "← Back" }).click();
      await list.waitFor();
      await phone.screenshot("inbox-phone");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(overflow).toBe(false);
      phone.assertClean();
    } finally {
      await phone.close();
    }
  });
});
