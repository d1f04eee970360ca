import { describe, expect, it } from "vitest";
import {
  checkMessageLimits,
  MessageLimitError,
  type OutgoingMessage,
  toGraphMessage,
} from "./outgoing-message.ts";

const qr = (n: number, title = "Yes") => Array.from({ length: n }, (_, i) => ({ title, payload: `P${i}` }));

describe("Meta's limits, checked before the call", () => {
  it("counts the 1000-byte text limit in UTF-8 bytes, not characters", () => {
    expect(() => checkMessageLimits({ kind: "text", text: "a".repeat(1000) })).not.toThrow();
    // 334 × "é" (2 bytes) = 668 bytes; 250 × "🙌" (4 bytes) = 1000 bytes; one more emoji is over.
    expect(() => checkMessageLimits({ kind: "text", text: "🙌".repeat(250) })).not.toThrow();
    expect(() => checkMessageLimits({ kind: "text", text: "🙌".repeat(251) })).toThrow(
      /1004 bytes.*1000 bytes/,
    );
  });

  it("allows 13 quick replies with 20-character titles, and no more", () => {
    expect(() => checkMessageLimits({ kind: "text", text: "Pick", quickReplies: qr(13) })).not.toThrow();
    expect(() => checkMessageLimits({ kind: "text", text: "Pick", quickReplies: qr(14) })).toThrow(
      /quickReplies: has 14; at most 13/,
    );
    expect(() =>
      checkMessageLimits({ kind: "text", text: "Pick", quickReplies: qr(1, "x".repeat(21)) }),
    ).toThrow(/quickReplies\[0\]\.title: has 21 characters; at most 20/);
    // An emoji counts as one character.
    expect(() =>
      checkMessageLimits({ kind: "text", text: "Pick", quickReplies: qr(1, "🙌".repeat(20)) }),
    ).not.toThrow();
  });

  it("allows 3 buttons and checks their URLs", () => {
    const button = { type: "web_url" as const, title: "Open", url: "https://example.org" };
    expect(() =>
      checkMessageLimits({ kind: "buttons", text: "Hi", buttons: [button, button, button] }),
    ).not.toThrow();
    const four: OutgoingMessage = { kind: "buttons", text: "Hi", buttons: [button, button, button, button] };
    expect(() => checkMessageLimits(four)).toThrow(MessageLimitError);
    expect(() =>
      checkMessageLimits({
        kind: "buttons",
        text: "Hi",
        buttons: [{ ...button, url: "javascript:alert(1)" }],
      }),
    ).toThrow(/buttons\[0\]\.url/);
  });

  it("refuses empty text and generic templates over 10 cards", () => {
    expect(() => checkMessageLimits({ kind: "text", text: "" })).toThrow(/text: must not be empty/);
    const card = { title: "Course" };
    expect(() => checkMessageLimits({ kind: "generic", elements: Array(11).fill(card) })).toThrow(
      /at most 10/,
    );
  });

  it("the error is a validation error with the field named", () => {
    try {
      checkMessageLimits({ kind: "text", text: "x".repeat(1001) });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(MessageLimitError);
      expect(err).toMatchObject({ code: "validation_failed", status: 400, field: "text" });
    }
  });
});

describe("Send API bodies", () => {
  it("builds quick replies, templates and media as Meta documents them", () => {
    expect(
      toGraphMessage({ kind: "text", text: "Hi", quickReplies: [{ title: "Yes", payload: "YES" }] }),
    ).toEqual({
      text: "Hi",
      quick_replies: [{ content_type: "text", title: "Yes", payload: "YES" }],
    });
    expect(toGraphMessage({ kind: "media", mediaType: "image", url: "https://cdn/x.jpg" })).toEqual({
      attachment: { type: "image", payload: { url: "https://cdn/x.jpg" } },
    });
    expect(
      toGraphMessage({
        kind: "buttons",
        text: "Go",
        buttons: [{ type: "postback", title: "Help", payload: "HELP" }],
      }),
    ).toEqual({
      attachment: {
        type: "template",
        payload: {
          template_type: "button",
          text: "Go",
          buttons: [{ type: "postback", title: "Help", payload: "HELP" }],
        },
      },
    });
    expect(
      toGraphMessage({
        kind: "generic",
        elements: [{ title: "Course", subtitle: "May", defaultUrl: "https://x.org" }],
      }),
    ).toEqual({
      attachment: {
        type: "template",
        payload: {
          template_type: "generic",
          elements: [
            { title: "Course", subtitle: "May", default_action: { type: "web_url", url: "https://x.org" } },
          ],
        },
      },
    });
  });
});
