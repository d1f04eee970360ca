import { PROMPT_MARKERS } from "./build-prompt.ts";
import { words } from "./search-terms.ts";

/**
 * The last check before an AI answer is sent: does it give away the system text? A reply is a
 * leak when it carries the canary, a section header of our prompt, a run of INSTRUCTION_NGRAM
 * words from our rules or the owner's prompt, or a run of CONTEXT_NGRAM words of the business
 * information (short facts from it are the point of answering; long verbatim runs are a dump).
 * FAQ answers are public and not guarded. Pure.
 */

export const INSTRUCTION_NGRAM = 9;
export const CONTEXT_NGRAM = 18;

function ngrams(list: string[], n: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + n <= list.length; i++) out.add(list.slice(i, i + n).join(" "));
  return out;
}

function shares(reply: string[], source: string, n: number): boolean {
  const src = words(source);
  if (src.length < n || reply.length < n) return false;
  const grams = ngrams(src, n);
  for (let i = 0; i + n <= reply.length; i++) if (grams.has(reply.slice(i, i + n).join(" "))) return true;
  return false;
}

export type GuardVerdict =
  | { ok: true }
  | { ok: false; reason: "canary" | "prompt_marker" | "instructions" | "context" };

export function guardReply(
  reply: string,
  secrets: { instructions: string; context: string },
  canary: string,
): GuardVerdict {
  if (reply.includes(canary)) return { ok: false, reason: "canary" };
  const upper = reply.toUpperCase();
  if (PROMPT_MARKERS.some((m) => upper.includes(m.toUpperCase())))
    return { ok: false, reason: "prompt_marker" };
  const w = words(reply);
  if (shares(w, secrets.instructions, INSTRUCTION_NGRAM)) return { ok: false, reason: "instructions" };
  if (shares(w, secrets.context, CONTEXT_NGRAM)) return { ok: false, reason: "context" };
  return { ok: true };
}
