/**
 * Text normalization for keyword matching: case- and accent-insensitive, emoji kept.
 *
 * `normalizeText`: lowercase → NFKD → strip combining marks (accents; also the emoji
 * variation selector U+FE0F, so "❤️" and "❤" are the same) → fold the few letters NFKD does not
 * decompose (ß, ø, æ, œ, ł, đ, ı) → collapse whitespace and trim.
 *
 * `canonicalize`: the normalized text as words joined by one space, where a word is a run of
 * letters/digits or one emoji (ZWJ sequences, skin tones, flags and keycaps stay whole) and
 * everything else (punctuation, symbols) separates words. All keyword kinds compare canonical
 * forms, so "LINK!" equals "link" and "Café-Bar" equals "cafe bar".
 */

/** Letters NFKD leaves alone but people type without the accent. */
const FOLD: Record<string, string> = {
  ß: "ss",
  ø: "o",
  æ: "ae",
  œ: "oe",
  ł: "l",
  đ: "d",
  ı: "i",
  ð: "d",
  þ: "th",
};
const FOLD_RE = /[ßøæœłđıðþ]/g;
/** Combining marks except the keycap U+20E3, which carries meaning ("1️⃣" is not "1"). */
const MARKS_RE = /(?!\u20e3)\p{M}/gu;
const SPACE_RE = /\s+/gu;

export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(MARKS_RE, "")
    .replace(FOLD_RE, (c) => FOLD[c] ?? c)
    .replace(SPACE_RE, " ")
    .trim();
}

/** One emoji (after normalization: no U+FE0F), or a run of letters and digits. */
const TOKEN_RE =
  /[0-9#*]\u20e3|\p{Regional_Indicator}{2}|\p{Extended_Pictographic}\p{Emoji_Modifier}?(?:[\u{e0020}-\u{e007f}]+)?(?:\u200d\p{Extended_Pictographic}\p{Emoji_Modifier}?)*|\p{Emoji_Modifier}|[\p{L}\p{N}]+/gu;

export function tokenize(normalized: string): string[] {
  return normalized.match(TOKEN_RE) ?? [];
}

/** Words of the normalized text joined by single spaces ("" when there are none). */
export function canonicalize(text: string): string {
  return tokenize(normalizeText(text)).join(" ");
}

/** One emoji as written (before normalization: with variation selectors and tags). */
const EMOJI_ONLY_RE =
  /^(?:\p{Regional_Indicator}{2}|[0-9#*]\ufe0f?\u20e3|(?:\p{Extended_Pictographic}|\p{Emoji_Modifier})(?:\ufe0f|\p{Emoji_Modifier}|[\u{e0020}-\u{e007f}])*(?:\u200d\p{Extended_Pictographic}(?:\ufe0f|\p{Emoji_Modifier})*)*|\s)+$/u;

/** True when the text is one or more emoji and nothing else (whitespace allowed between). */
export function isEmojiOnly(text: string | undefined): boolean {
  if (!text || text.trim().length === 0) return false;
  return EMOJI_ONLY_RE.test(text);
}
