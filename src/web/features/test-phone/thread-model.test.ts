import { describe, expect, it } from "vitest";
import { type SandboxMessage, threadBubbles, windowState } from "./thread-model.ts";

let seq = 0;
const item = (patch: Partial<SandboxMessage>): SandboxMessage => ({
  seq: ++seq,
  mid: `m${seq}`,
  accountId: "a",
  personId: "p",
  direction: "inbound",
  kind: "message",
  source: "phone",
  body: {},
  createdAt: "2026-01-01T00:00:00.000Z",
  ...patch,
});

describe("threadBubbles", () => {
  it("shows the person's messages, a private reply with buttons, quick-reply chips, and hides sender actions", () => {
    const bubbles = threadBubbles([
      item({ body: { message: { mid: "x", text: "hello", reply_to: { story: { id: "s1", url: "u" } } } } }),
      item({
        direction: "outbound",
        kind: "private_reply",
        source: "api",
        body: {
          comment_id: "c1",
          message: {
            attachment: {
              type: "template",
              payload: {
                template_type: "button",
                text: "Here is your link",
                buttons: [{ type: "web_url", title: "Open", url: "https://x.org" }],
              },
            },
          },
        },
      }),
      item({
        direction: "outbound",
        kind: "sender_action",
        source: "api",
        body: { sender_action: "typing_on" },
      }),
      item({
        direction: "outbound",
        source: "api",
        body: {
          message: {
            text: "Pick one",
            quick_replies: [{ content_type: "text", title: "Yes", payload: "Y" }],
          },
        },
      }),
      item({ kind: "postback", body: { postback: { title: "Open", payload: "P" } } }),
      item({ kind: "reaction", body: { reaction: { action: "react", emoji: "😍" } } }),
      item({ body: { message: { attachments: [{ type: "story_mention", payload: { url: "u" } }] } } }),
    ]);
    expect(bubbles.map((b) => [b.from, b.text, b.label])).toEqual([
      ["person", "hello", "Replied to their story"],
      ["business", "Here is your link", "Private reply to your comment"],
      ["business", "Pick one", undefined],
      ["person", "Open", "Tapped a button"],
      ["system", "You reacted 😍", undefined],
      ["system", "You mentioned the account in your story", undefined],
    ]);
    expect(bubbles[1]?.buttons).toEqual([{ type: "web_url", title: "Open", url: "https://x.org" }]);
    expect(bubbles[2]?.quickReplies).toEqual([{ title: "Yes", payload: "Y" }]);
  });
});

describe("windowState", () => {
  const t0 = Date.parse("2026-01-01T00:00:00.000Z");
  it("is open for 24 hours after the person's last message, and closed without one", () => {
    const items = [item({ kind: "message" })];
    expect(windowState(items, t0 + 2 * 3_600_000)).toEqual({ open: true, hoursLeft: 22 });
    expect(windowState(items, t0 + 25 * 3_600_000)).toEqual({ open: false, hoursLeft: 0 });
    expect(windowState([], t0)).toEqual({ open: false, hoursLeft: 0 });
  });
});
