import type { MatchKind } from "../../../shared/automation.ts";

/**
 * Keyword kinds over canonical text (normalize-text.ts): words separated by single spaces.
 * - equals: the message is the keyword ("Link!" equals "link")
 * - whole_word: the keyword's words appear as whole words ("send the link pls" has "link")
 * - starts_with: the message text starts with the keyword ("booking" starts with "book")
 * - contains: the keyword appears anywhere, inside words too ("unlinked" contains "link")
 */
export function matchKeyword(message: string, keyword: string, kind: MatchKind): boolean {
  if (keyword.length === 0 || keyword.length > message.length) return false;
  switch (kind) {
    case "equals":
      return message === keyword;
    case "whole_word":
      return hasWholeWords(message, keyword);
    case "starts_with":
      return message.startsWith(keyword);
    case "contains":
      return message.includes(keyword);
  }
}

export function hasWholeWords(message: string, words: string): boolean {
  if (words.length === 0) return false;
  return ` ${message} `.includes(` ${words} `);
}

/**
 * Whether an occurrence of a keyword at [start, end) of the message satisfies `kind`; the
 * keyword index uses it on the occurrences its automaton finds. Agrees with `matchKeyword`.
 */
export function occurrenceSatisfies(message: string, start: number, end: number, kind: MatchKind): boolean {
  switch (kind) {
    case "equals":
      return start === 0 && end === message.length;
    case "starts_with":
      return start === 0;
    case "whole_word":
      return (
        (start === 0 || message.charCodeAt(start - 1) === 32) &&
        (end === message.length || message.charCodeAt(end) === 32)
      );
    case "contains":
      return true;
  }
}

/** Stronger kinds first: the order specificity uses. */
export const MATCH_STRENGTH: Record<MatchKind, number> = {
  equals: 4,
  whole_word: 3,
  starts_with: 2,
  contains: 1,
};
