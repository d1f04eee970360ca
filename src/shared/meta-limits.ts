/**
 * Meta's limits on outgoing messages (META_PLATFORM.md §3). Shared: the server refuses a
 * message that breaks them before calling Meta, and the dashboard's builder shows them inline.
 */
export const META_LIMITS = {
  /** UTF-8 bytes, not characters. */
  textBytes: 1000,
  quickReplies: 13,
  quickReplyTitleChars: 20,
  buttons: 3,
  buttonTitleChars: 20,
  /** Messenger's limits, applied to Instagram too (unconfirmed there). */
  genericElements: 10,
  elementTitleChars: 80,
  elementSubtitleChars: 80,
  payloadBytes: 1000,
} as const;

const encoder = new TextEncoder();

export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

/** Characters as people count them (code points, so an emoji is one). */
export function charCount(text: string): number {
  return [...text].length;
}
