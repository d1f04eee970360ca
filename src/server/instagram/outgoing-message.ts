import { charCount, META_LIMITS, utf8Bytes } from "../../shared/meta-limits.ts";
import { AppError } from "../errors.ts";

/** What autodm can send, independent of Meta's JSON. */
export type QuickReply = { title: string; payload: string };
export type Button =
  | { type: "web_url"; title: string; url: string }
  | { type: "postback"; title: string; payload: string };
export type GenericElement = {
  title: string;
  subtitle?: string;
  imageUrl?: string;
  defaultUrl?: string;
  buttons?: Button[];
};

export type OutgoingMessage =
  | { kind: "text"; text: string; quickReplies?: QuickReply[] }
  | { kind: "media"; mediaType: "image" | "audio" | "video" | "file"; url: string }
  | { kind: "buttons"; text: string; buttons: Button[] }
  | { kind: "generic"; elements: GenericElement[] };

export class MessageLimitError extends AppError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super("validation_failed", `${field}: ${message}`);
    this.name = "MessageLimitError";
  }
}

function checkText(field: string, text: string) {
  if (text.length === 0) throw new MessageLimitError(field, "must not be empty");
  const bytes = utf8Bytes(text);
  if (bytes > META_LIMITS.textBytes) {
    throw new MessageLimitError(
      field,
      `is ${bytes} bytes; Instagram allows ${META_LIMITS.textBytes} bytes of UTF-8`,
    );
  }
}

function checkTitle(field: string, title: string, max: number) {
  if (title.trim().length === 0) throw new MessageLimitError(field, "must not be empty");
  if (charCount(title) > max)
    throw new MessageLimitError(field, `has ${charCount(title)} characters; at most ${max}`);
}

function checkPayload(field: string, payload: string) {
  if (payload.length === 0) throw new MessageLimitError(field, "must not be empty");
  if (utf8Bytes(payload) > META_LIMITS.payloadBytes) {
    throw new MessageLimitError(field, `is longer than ${META_LIMITS.payloadBytes} bytes`);
  }
}

function checkButtons(field: string, buttons: Button[]) {
  if (buttons.length === 0) throw new MessageLimitError(field, "needs at least one button");
  if (buttons.length > META_LIMITS.buttons) {
    throw new MessageLimitError(field, `has ${buttons.length} buttons; at most ${META_LIMITS.buttons}`);
  }
  buttons.forEach((b, i) => {
    checkTitle(`${field}[${i}].title`, b.title, META_LIMITS.buttonTitleChars);
    if (b.type === "web_url" && !/^https?:\/\//.test(b.url)) {
      throw new MessageLimitError(`${field}[${i}].url`, "must be an http(s) URL");
    }
    if (b.type === "postback") checkPayload(`${field}[${i}].payload`, b.payload);
  });
}

/** Throws a MessageLimitError naming the first field that breaks one of Meta's limits. */
export function checkMessageLimits(message: OutgoingMessage): void {
  switch (message.kind) {
    case "text": {
      checkText("text", message.text);
      const qr = message.quickReplies ?? [];
      if (qr.length > META_LIMITS.quickReplies) {
        throw new MessageLimitError("quickReplies", `has ${qr.length}; at most ${META_LIMITS.quickReplies}`);
      }
      qr.forEach((q, i) => {
        checkTitle(`quickReplies[${i}].title`, q.title, META_LIMITS.quickReplyTitleChars);
        checkPayload(`quickReplies[${i}].payload`, q.payload);
      });
      return;
    }
    case "media":
      if (!/^https?:\/\//.test(message.url)) throw new MessageLimitError("url", "must be an http(s) URL");
      return;
    case "buttons":
      checkText("text", message.text);
      if (utf8Bytes(message.text) > 640) {
        // The button template's text is capped lower than a plain message (Messenger: 640).
        throw new MessageLimitError("text", "is longer than 640 bytes, the button template's limit");
      }
      checkButtons("buttons", message.buttons);
      return;
    case "generic":
      if (message.elements.length === 0) throw new MessageLimitError("elements", "needs at least one card");
      if (message.elements.length > META_LIMITS.genericElements) {
        throw new MessageLimitError(
          "elements",
          `has ${message.elements.length}; at most ${META_LIMITS.genericElements}`,
        );
      }
      message.elements.forEach((e, i) => {
        checkTitle(`elements[${i}].title`, e.title, META_LIMITS.elementTitleChars);
        if (e.subtitle !== undefined && charCount(e.subtitle) > META_LIMITS.elementSubtitleChars) {
          throw new MessageLimitError(
            `elements[${i}].subtitle`,
            `at most ${META_LIMITS.elementSubtitleChars} characters`,
          );
        }
        if (e.buttons) checkButtons(`elements[${i}].buttons`, e.buttons);
      });
      return;
  }
}

function graphButton(b: Button) {
  return b.type === "web_url"
    ? { type: "web_url", url: b.url, title: b.title }
    : { type: "postback", title: b.title, payload: b.payload };
}

/** The `message` object of a Send API body (META_PLATFORM.md §3). */
export function toGraphMessage(message: OutgoingMessage): Record<string, unknown> {
  switch (message.kind) {
    case "text":
      return message.quickReplies?.length
        ? {
            text: message.text,
            quick_replies: message.quickReplies.map((q) => ({
              content_type: "text",
              title: q.title,
              payload: q.payload,
            })),
          }
        : { text: message.text };
    case "media":
      return { attachment: { type: message.mediaType, payload: { url: message.url } } };
    case "buttons":
      return {
        attachment: {
          type: "template",
          payload: { template_type: "button", text: message.text, buttons: message.buttons.map(graphButton) },
        },
      };
    case "generic":
      return {
        attachment: {
          type: "template",
          payload: {
            template_type: "generic",
            elements: message.elements.map((e) => ({
              title: e.title,
              ...(e.subtitle ? { subtitle: e.subtitle } : {}),
              ...(e.imageUrl ? { image_url: e.imageUrl } : {}),
              ...(e.defaultUrl ? { default_action: { type: "web_url", url: e.defaultUrl } } : {}),
              ...(e.buttons?.length ? { buttons: e.buttons.map(graphButton) } : {}),
            })),
          },
        },
      };
  }
}
