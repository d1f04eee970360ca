import { graphErrors } from "./graph-error.ts";

/** What a Send API body asks for, after the checks Meta does before looking anything up. */
export type SendRequest =
  | { kind: "message"; recipient: { id: string }; message: Record<string, unknown>; humanAgent: boolean }
  | { kind: "private_reply"; recipient: { commentId: string }; message: Record<string, unknown> }
  | {
      kind: "sender_action";
      recipient: { id: string };
      action: "typing_on" | "typing_off" | "mark_seen" | "react" | "unreact";
      payload?: Record<string, unknown>;
    };

const MAX_TEXT_BYTES = 1000;
const MAX_QUICK_REPLIES = 13;
const MAX_BUTTONS = 3;
const MAX_ELEMENTS = 10;
const ATTACHMENT_TYPES = ["image", "audio", "video", "file", "template", "MEDIA_SHARE", "like_heart"];
const SENDER_ACTIONS = ["typing_on", "typing_off", "mark_seen", "react", "unreact"] as const;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Form posts carry nested objects as JSON strings; JSON posts carry them as objects. */
function field(body: Record<string, unknown>, name: string): unknown {
  const v = body[name];
  if (typeof v === "string" && (v.startsWith("{") || v.startsWith("["))) {
    try {
      return JSON.parse(v);
    } catch {
      throw graphErrors.badParam(`(#100) param ${name} must be a JSON object`);
    }
  }
  return v;
}

function checkButtons(buttons: unknown, where: string) {
  if (buttons === undefined) return;
  if (!Array.isArray(buttons) || buttons.length === 0)
    throw graphErrors.badParam(`(#100) param ${where} must be a non-empty array`);
  if (buttons.length > MAX_BUTTONS)
    throw graphErrors.badParam(`(#100) param ${where} has too many elements. Maximum is ${MAX_BUTTONS}.`);
  for (const b of buttons) {
    if (!isObject(b) || !["web_url", "postback"].includes(String(b.type)) || typeof b.title !== "string")
      throw graphErrors.badParam(`(#100) Invalid button in ${where}`);
  }
}

function checkMessage(message: unknown): Record<string, unknown> {
  if (!isObject(message)) throw graphErrors.badParam("(#100) param message must be a JSON object");
  const { text, attachment, quick_replies: quickReplies } = message;
  if (text === undefined && attachment === undefined)
    throw graphErrors.badParam("(#100) Param message must contain text or attachment");
  if (text !== undefined) {
    if (typeof text !== "string" || text.length === 0)
      throw graphErrors.badParam("(#100) param message[text] must be a non-empty UTF-8 encoded string");
    if (Buffer.byteLength(text, "utf8") > MAX_TEXT_BYTES)
      throw graphErrors.badParam(
        `(#100) Length of param message[text] must be less than or equal to ${MAX_TEXT_BYTES}`,
      );
  }
  if (attachment !== undefined) {
    if (!isObject(attachment) || !ATTACHMENT_TYPES.includes(String(attachment.type)))
      throw graphErrors.badParam(
        "(#100) param message[attachment][type] must be one of {IMAGE, AUDIO, VIDEO, FILE, TEMPLATE}",
      );
    const payload = attachment.payload;
    if (attachment.type === "template") {
      if (!isObject(payload))
        throw graphErrors.badParam("(#100) param message[attachment][payload] is required");
      if (payload.template_type === "generic") {
        const elements = payload.elements;
        if (!Array.isArray(elements) || elements.length === 0)
          throw graphErrors.badParam(
            "(#100) param message[attachment][payload][elements] must be a non-empty array",
          );
        if (elements.length > MAX_ELEMENTS)
          throw graphErrors.badParam(
            `(#100) param message[attachment][payload][elements] has too many elements. Maximum is ${MAX_ELEMENTS}.`,
          );
        elements.forEach((el, i) => {
          if (!isObject(el) || typeof el.title !== "string" || el.title.length === 0)
            throw graphErrors.badParam(
              `(#100) param message[attachment][payload][elements][${i}][title] is required`,
            );
          checkButtons(el.buttons, `message[attachment][payload][elements][${i}][buttons]`);
        });
      } else if (payload.template_type === "button") {
        if (typeof payload.text !== "string" || payload.text.length === 0)
          throw graphErrors.badParam("(#100) param message[attachment][payload][text] is required");
        if (payload.buttons === undefined)
          throw graphErrors.badParam("(#100) param message[attachment][payload][buttons] is required");
        checkButtons(payload.buttons, "message[attachment][payload][buttons]");
      } else {
        throw graphErrors.badParam("(#100) param message[attachment][payload][template_type] is invalid");
      }
    } else if (
      attachment.type !== "like_heart" &&
      (!isObject(payload) || (!payload.url && !payload.attachment_id))
    ) {
      throw graphErrors.badParam("(#100) param message[attachment][payload][url] is required");
    }
  }
  if (quickReplies !== undefined) {
    if (!Array.isArray(quickReplies) || quickReplies.length === 0)
      throw graphErrors.badParam("(#100) param message[quick_replies] must be a non-empty array");
    if (quickReplies.length > MAX_QUICK_REPLIES)
      throw graphErrors.badParam(
        `(#100) param message[quick_replies] has too many elements. Maximum is ${MAX_QUICK_REPLIES}.`,
      );
    for (const q of quickReplies) {
      if (!isObject(q) || (q.content_type ?? "text") !== "text" || typeof q.title !== "string" || !q.payload)
        throw graphErrors.badParam(
          "(#100) Invalid quick reply: content_type text, title and payload are required",
        );
    }
  }
  return message;
}

/** Validates a Send API body (JSON or form). Throws GraphError code 100 on anything Meta refuses. */
export function parseSendBody(body: Record<string, unknown>): SendRequest {
  const recipient = field(body, "recipient");
  if (!isObject(recipient) || (recipient.id === undefined && recipient.comment_id === undefined))
    throw graphErrors.badParam("(#100) param recipient must be non-empty.");
  const senderAction = body.sender_action;
  if (senderAction !== undefined) {
    if (!SENDER_ACTIONS.includes(senderAction as (typeof SENDER_ACTIONS)[number]))
      throw graphErrors.badParam(
        "(#100) param sender_action must be one of {typing_on, typing_off, mark_seen, react, unreact}",
      );
    if (recipient.id === undefined) throw graphErrors.badParam("(#100) param recipient[id] is required");
    const payload = field(body, "payload");
    if (
      (senderAction === "react" || senderAction === "unreact") &&
      (!isObject(payload) || !payload.message_id)
    )
      throw graphErrors.badParam("(#100) param payload[message_id] is required");
    return {
      kind: "sender_action",
      recipient: { id: String(recipient.id) },
      action: senderAction as (typeof SENDER_ACTIONS)[number],
      ...(isObject(payload) ? { payload } : {}),
    };
  }
  const message = checkMessage(field(body, "message"));
  if (recipient.comment_id !== undefined) {
    return { kind: "private_reply", recipient: { commentId: String(recipient.comment_id) }, message };
  }
  return {
    kind: "message",
    recipient: { id: String(recipient.id) },
    message,
    humanAgent: body.tag === "HUMAN_AGENT",
  };
}
