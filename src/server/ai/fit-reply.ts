/**
 * Fits a reply to Instagram's limit (1000 UTF-8 bytes, META_PLATFORM.md §3) and the owner's
 * maximum length in characters, cutting where a reader expects a cut: after the last whole
 * sentence that fits; else after the last whole word (with "…"); else after the last whole
 * grapheme (an emoji with its ZWJ sequence or skin tone, a letter with its combining marks).
 * Never inside a character. Pure.
 */

const encoder = new TextEncoder();
const bytes = (s: string) => encoder.encode(s).length;
const ELLIPSIS = "…";

const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(granularity: "sentence" | "word" | "grapheme") {
  let s = segmenters.get(granularity);
  if (!s) {
    s = new Intl.Segmenter(undefined, { granularity });
    segmenters.set(granularity, s);
  }
  return s;
}

export interface FitLimits {
  maxBytes: number;
  /** In user-perceived characters (graphemes). */
  maxChars?: number;
}

const graphemeCount = (s: string) => {
  let n = 0;
  for (const _ of segmenter("grapheme").segment(s)) n++;
  return n;
};

function fits(s: string, limits: FitLimits) {
  return (
    bytes(s) <= limits.maxBytes && (limits.maxChars === undefined || graphemeCount(s) <= limits.maxChars)
  );
}

/** The longest prefix made of whole segments that fits (segment ends as cut points). */
function longestPrefix(text: string, granularity: "sentence" | "word" | "grapheme", limits: FitLimits) {
  let best = "";
  let end = 0;
  for (const seg of segmenter(granularity).segment(text)) {
    end = seg.index + seg.segment.length;
    const candidate = text.slice(0, end).trimEnd();
    if (!fits(candidate, limits)) break;
    best = candidate;
  }
  return best;
}

export function fitReply(text: string, limits: FitLimits = { maxBytes: 1000 }): string {
  const clean = text.trim();
  if (fits(clean, limits)) return clean;
  const sentences = longestPrefix(clean, "sentence", limits);
  if (sentences.length > 0) return sentences;
  // The first sentence alone is too long: whole words, marked as cut.
  const room: FitLimits = {
    maxBytes: limits.maxBytes - bytes(ELLIPSIS),
    ...(limits.maxChars !== undefined ? { maxChars: limits.maxChars - 1 } : {}),
  };
  const words = longestPrefix(clean, "word", room).replace(/[\s,;:–—-]+$/u, "");
  if (words.length > 0) return `${words}${ELLIPSIS}`;
  const graphemes = longestPrefix(clean, "grapheme", room);
  return graphemes.length > 0 ? `${graphemes}${ELLIPSIS}` : "";
}
