import { describe, expect, it } from "vitest";
import type { MatchKind } from "../../../shared/automation.ts";
import { matchKeyword, occurrenceSatisfies } from "./keyword-match.ts";
import { canonicalize } from "./normalize-text.ts";

const m = (message: string, keyword: string, kind: MatchKind) =>
  matchKeyword(canonicalize(message), canonicalize(keyword), kind);

describe("matchKeyword", () => {
  it("equals: the whole message, punctuation and case aside", () => {
    expect(m("Link!", "LINK", "equals")).toBe(true);
    expect(m("the link", "link", "equals")).toBe(false);
    expect(m("send it", "Send   it", "equals")).toBe(true);
  });
  it("whole_word: whole words only, multi-word keywords in sequence", () => {
    expect(m("send me the link pls", "link", "whole_word")).toBe(true);
    expect(m("unlinked", "link", "whole_word")).toBe(false);
    expect(m("I want to book now!", "book now", "whole_word")).toBe(true);
    expect(m("book it now", "book now", "whole_word")).toBe(false);
  });
  it("starts_with: the message text starts with the keyword", () => {
    expect(m("Booking for 2", "book", "starts_with")).toBe(true);
    expect(m("I'd like a booking", "book", "starts_with")).toBe(false);
  });
  it("contains: anywhere, inside words too", () => {
    expect(m("unlinked", "link", "contains")).toBe(true);
    expect(m("nope", "link", "contains")).toBe(false);
  });
  it("an empty keyword never matches", () => {
    expect(matchKeyword("anything", "", "contains")).toBe(false);
  });
});

describe("occurrenceSatisfies", () => {
  it("agrees with matchKeyword on every occurrence position", () => {
    const msg = "ab abc ab";
    expect(occurrenceSatisfies(msg, 0, 2, "whole_word")).toBe(true);
    expect(occurrenceSatisfies(msg, 3, 5, "whole_word")).toBe(false);
    expect(occurrenceSatisfies(msg, 7, 9, "whole_word")).toBe(true);
    expect(occurrenceSatisfies(msg, 0, 2, "starts_with")).toBe(true);
    expect(occurrenceSatisfies(msg, 7, 9, "equals")).toBe(false);
    expect(occurrenceSatisfies("ab", 0, 2, "equals")).toBe(true);
  });
});
