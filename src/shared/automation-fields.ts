import { z } from "zod";
import { charCount, META_LIMITS, utf8Bytes } from "./meta-limits.ts";

/**
 * The building blocks of the automation model (automation.ts): texts Instagram will deliver,
 * payloads, titles, URLs, quick replies and buttons — each with Meta's limit and a message that
 * names the limit.
 */

export const MAX_VARIATIONS = 10;
export const MAX_KEYWORDS = 50;
export const MAX_LIST = 100;

export const nonBlank = (what: string, max: number) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(max, { error: `${what} must be at most ${max} characters` });

/** A text Instagram will deliver: non-empty, at most 1000 UTF-8 bytes. */
export const messageText = z
  .string({ error: "must be text" })
  .refine((s) => s.trim().length > 0, { error: "must not be empty" })
  .refine((s) => utf8Bytes(s) <= META_LIMITS.textBytes, {
    error: (issue) =>
      `is ${utf8Bytes(String(issue.input))} bytes; Instagram allows ${META_LIMITS.textBytes} bytes of UTF-8`,
  });

export const payloadText = z
  .string({ error: "must be text" })
  .min(1, { error: "payload must not be empty" })
  .refine((s) => utf8Bytes(s) <= META_LIMITS.payloadBytes, {
    error: `payload must be at most ${META_LIMITS.payloadBytes} bytes`,
  });

export const title = (max: number) =>
  z
    .string({ error: "title must be text" })
    .refine((s) => s.trim().length > 0, { error: "title must not be empty" })
    .refine((s) => charCount(s) <= max, {
      error: (issue) => `title has ${charCount(String(issue.input))} characters; at most ${max}`,
    });

export const httpUrl = z
  .string({ error: "url must be text" })
  .regex(/^https?:\/\/\S+$/i, { error: "url must be an http(s) URL" });

export const variations = z
  .array(messageText, { error: "variations must be a list of texts" })
  .min(1, { error: "variations needs at least one text" })
  .max(MAX_VARIATIONS, { error: `variations allows at most ${MAX_VARIATIONS} texts` });

export const QuickReply = z.object({
  title: title(META_LIMITS.quickReplyTitleChars),
  payload: payloadText,
});
export type QuickReply = z.infer<typeof QuickReply>;

export const Button = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("web_url"), title: title(META_LIMITS.buttonTitleChars), url: httpUrl }),
    z.object({
      type: z.literal("postback"),
      title: title(META_LIMITS.buttonTitleChars),
      payload: payloadText,
    }),
  ],
  { error: 'button type must be "web_url" or "postback"' },
);
export type Button = z.infer<typeof Button>;

export const quickReplies = z
  .array(QuickReply)
  .max(META_LIMITS.quickReplies, { error: `at most ${META_LIMITS.quickReplies} quick replies` });
export const buttons = z
  .array(Button)
  .min(1, { error: "buttons needs at least one button (or leave it out)" })
  .max(META_LIMITS.buttons, { error: `at most ${META_LIMITS.buttons} buttons` });

/** A message with variations and optional quick replies or buttons (Meta sends one or the other). */
export const richMessage = {
  variations,
  quickReplies: quickReplies.optional(),
  buttons: buttons.optional(),
};
export const oneOfQuickRepliesOrButtons = (m: {
  quickReplies?: unknown[] | undefined;
  buttons?: unknown[] | undefined;
}) => !(m.quickReplies?.length && m.buttons?.length);
export const quickRepliesOrButtonsError = {
  error: "use quick replies or buttons, not both (add a second message for the other)",
  path: ["buttons"],
};

export const timeZone = z
  .string()
  .refine(isTimeZone, { error: (i) => `unknown time zone "${String(i.input)}"` });

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
