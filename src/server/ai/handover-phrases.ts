import { words } from "./search-terms.ts";

/**
 * Whether a message asks for a person: it contains one of the phrases (word for word, case-
 * and accent-insensitive, punctuation ignored). "talk to a human" matches "can I talk to a human
 * please?" but not "humane". Pure.
 */
export function asksForHuman(message: string, phrases: readonly string[]): string | undefined {
  const text = ` ${words(message).join(" ")} `;
  for (const phrase of phrases) {
    const p = words(phrase).join(" ");
    if (p.length > 0 && text.includes(` ${p} `)) return phrase;
  }
  return undefined;
}
