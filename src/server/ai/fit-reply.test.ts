import { describe, expect, it } from "vitest";
import { fitReply } from "./fit-reply.ts";

const bytes = (s: string) => new TextEncoder().encode(s).length;
/** No lone surrogate, and every code point intact (re-encoding is lossless). */
const wellFormed = (s: string) =>
  new TextDecoder("utf-8", { fatal: true }).decode(new TextEncoder().encode(s)) === s &&
  !/[\uD800-\uDFFF]/u.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ""));

describe("fitReply", () => {
  it("keeps a reply that fits, trimmed", () => {
    expect(fitReply("  Hello there!  ")).toBe("Hello there!");
  });

  it("cuts after the last whole sentence that fits in 1000 bytes", () => {
    const sentence = "The course costs forty-nine euros and starts in May. ";
    const text = sentence.repeat(30);
    const out = fitReply(text);
    expect(bytes(out)).toBeLessThanOrEqual(1000);
    expect(out.endsWith("May.")).toBe(true);
    expect(out.length % sentence.trimEnd().length).toBeLessThan(sentence.length);
  });

  it("respects a character maximum as well", () => {
    const out = fitReply("One. Two. Three. Four.", { maxBytes: 1000, maxChars: 10 });
    expect(out).toBe("One. Two.");
  });

  it("cuts a single over-long sentence at a word, marked with an ellipsis", () => {
    const out = fitReply(`${"word ".repeat(400)}end`, { maxBytes: 1000 });
    expect(bytes(out)).toBeLessThanOrEqual(1000);
    expect(out.endsWith("word…")).toBe(true);
  });

  it("never splits an emoji ZWJ sequence, a skin tone or a flag", () => {
    const family = "👨‍👩‍👧‍👦"; // 25 bytes, one grapheme
    const text = family.repeat(60); // 1500 bytes, no spaces, no sentence end
    const out = fitReply(text);
    expect(bytes(out)).toBeLessThanOrEqual(1000);
    expect(wellFormed(out)).toBe(true);
    expect(out.replace("…", "")).toBe(family.repeat((out.length - 1) / family.length));
    const tones = "👍🏽".repeat(200); // 8 bytes each
    const cut = fitReply(tones, { maxBytes: 100 });
    expect(cut.replace("…", "")).toBe("👍🏽".repeat(12));
    const flags = "🇫🇷🇧🇷".repeat(40);
    expect(fitReply(flags, { maxBytes: 50 }).replace("…", "").length % 4).toBe(0);
  });

  it("keeps combining marks with their letter", () => {
    const e = "e\u0301"; // é as e + combining acute: 3 bytes, one grapheme
    const text = e.repeat(500); // 1500 bytes, one "word"
    const out = fitReply(text, { maxBytes: 1000 });
    expect(bytes(out)).toBeLessThanOrEqual(1000);
    expect(out.replace("…", "").normalize("NFC")).toBe("é".repeat((out.length - 1) / 2));
  });

  it("cuts multi-byte text (CJK) only between characters", () => {
    const text = "日本語の文章です。".repeat(60); // 27 bytes each sentence
    const out = fitReply(text);
    expect(bytes(out)).toBeLessThanOrEqual(1000);
    expect(out.endsWith("。")).toBe(true);
    expect(wellFormed(out)).toBe(true);
  });
});
