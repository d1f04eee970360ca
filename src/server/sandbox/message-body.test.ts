import { describe, expect, it } from "vitest";
import { GraphError } from "./graph-error.ts";
import { parseSendBody } from "./message-body.ts";

function errorOf(body: Record<string, unknown>): GraphError {
  try {
    parseSendBody(body);
  } catch (err) {
    if (err instanceof GraphError) return err;
    throw err;
  }
  throw new Error("expected a GraphError");
}

describe("parseSendBody", () => {
  it("reads text, private replies and sender actions", () => {
    expect(parseSendBody({ recipient: { id: "1" }, message: { text: "hi" } })).toEqual({
      kind: "message",
      recipient: { id: "1" },
      message: { text: "hi" },
      humanAgent: false,
    });
    expect(parseSendBody({ recipient: { comment_id: "9" }, message: { text: "hi" } })).toMatchObject({
      kind: "private_reply",
      recipient: { commentId: "9" },
    });
    expect(
      parseSendBody({
        recipient: { id: "1" },
        sender_action: "react",
        payload: { message_id: "m", reaction: "love" },
      }),
    ).toMatchObject({ kind: "sender_action", action: "react" });
  });

  it("accepts form-encoded JSON fields", () => {
    expect(parseSendBody({ recipient: '{"id":"1"}', message: '{"text":"hi"}' })).toMatchObject({
      kind: "message",
    });
  });

  it("counts text in UTF-8 bytes, not characters", () => {
    expect(() =>
      parseSendBody({ recipient: { id: "1" }, message: { text: "🙌".repeat(250) } }),
    ).not.toThrow();
    const e = errorOf({ recipient: { id: "1" }, message: { text: `${"🙌".repeat(250)}x` } });
    expect(e.code).toBe(100);
    expect(e.message).toBe("(#100) Length of param message[text] must be less than or equal to 1000");
  });

  it("refuses more than 13 quick replies, more than 3 buttons, more than 10 elements", () => {
    const qr = Array.from({ length: 14 }, (_, i) => ({ content_type: "text", title: `t${i}`, payload: "p" }));
    expect(errorOf({ recipient: { id: "1" }, message: { text: "x", quick_replies: qr } }).code).toBe(100);
    const buttons = Array.from({ length: 4 }, () => ({ type: "postback", title: "b", payload: "p" }));
    const button = {
      attachment: { type: "template", payload: { template_type: "button", text: "x", buttons } },
    };
    expect(errorOf({ recipient: { id: "1" }, message: button }).code).toBe(100);
    const elements = Array.from({ length: 11 }, () => ({ title: "t" }));
    const generic = { attachment: { type: "template", payload: { template_type: "generic", elements } } };
    expect(errorOf({ recipient: { id: "1" }, message: generic }).code).toBe(100);
  });

  it("refuses a missing recipient, an empty message and an unknown sender action", () => {
    expect(errorOf({ message: { text: "x" } }).message).toBe("(#100) param recipient must be non-empty.");
    expect(errorOf({ recipient: { id: "1" }, message: {} }).code).toBe(100);
    expect(errorOf({ recipient: { id: "1" }, sender_action: "dance" }).code).toBe(100);
    expect(
      errorOf({ recipient: { id: "1" }, message: { attachment: { type: "image", payload: {} } } }).code,
    ).toBe(100);
  });
});
