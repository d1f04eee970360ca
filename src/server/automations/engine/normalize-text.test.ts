import { describe, expect, it } from "vitest";
import { canonicalize, isEmojiOnly, normalizeText, tokenize } from "./normalize-text.ts";

describe("normalizeText", () => {
  it.each([
    ["  Café   CRÈME ", "cafe creme"],
    ["Crème\tbrûlée\n!", "creme brulee !"],
    ["ＬＩＮＫ", "link"],
    ["Straße", "strasse"],
    ["İstanbul", "istanbul"],
    ["Ærø Łódź", "aero lodz"],
    ["ﬁne", "fine"],
    ["❤️ you", "❤ you"],
  ])("%j → %j", (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it("keeps emoji sequences whole (ZWJ, skin tones, keycaps, flags)", () => {
    expect(tokenize(normalizeText("👨‍👩‍👧👍🏽 1️⃣ 🇫🇷hi"))).toEqual(["👨‍👩‍👧", "👍🏽", "1⃣", "🇫🇷", "hi"]);
  });
});

describe("canonicalize", () => {
  it.each([
    ["LINK!", "link"],
    ["  price??? ", "price"],
    ["Café-Bar, please", "cafe bar please"],
    ["🔥🔥", "🔥 🔥"],
    ["!!!", ""],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(canonicalize(input)).toBe(expected);
  });
});

describe("isEmojiOnly", () => {
  it.each(["❤️", "❤", "👍🏽", "👨‍👩‍👧", "🏳️‍🌈", "🇫🇷 🇩🇪", "1️⃣", "❤️‍🔥", "🧑🏽‍🚀", "🔥🔥🔥", " 😂 "])(
    "%j is emoji only",
    (t) => {
      expect(isEmojiOnly(t)).toBe(true);
    },
  );
  it.each(["hi 👍", "👍!", "1", "", "   ", "ok"])("%j is not", (t) => {
    expect(isEmojiOnly(t)).toBe(false);
  });
  it("undefined text is not emoji only", () => expect(isEmojiOnly(undefined)).toBe(false));
});
