import type { FaqEntry } from "../../shared/ai-settings.ts";
import { Bm25Index } from "./bm25-index.ts";
import { searchTermGroups, searchTerms } from "./search-terms.ts";

/**
 * "Offline answers": with no model configured, a person's question is matched against the
 * owner's FAQ entries by BM25 over normalized text (search-terms.ts), and the best entry's
 * answer is sent — or the fallback when nothing matches well enough. Pure and synchronous.
 */

/** Below this share of the question's weight found in the best entry, nothing "matches well". */
export const MIN_COVERAGE = 0.34;
const ANSWER_WEIGHT = 0.4;

export type OfflineAnswer =
  | { kind: "answer"; entry: number; text: string; confidence: number }
  | { kind: "no_match"; confidence: number; reason: "empty_faq" | "no_terms" | "low_confidence" };

export class OfflineResponder {
  private readonly index: Bm25Index;

  constructor(
    private readonly faq: readonly FaqEntry[],
    private readonly minCoverage = MIN_COVERAGE,
  ) {
    this.index = new Bm25Index(
      faq.map((e) => [
        { terms: searchTerms(e.question), weight: 1 },
        { terms: searchTerms(e.answer), weight: ANSWER_WEIGHT },
      ]),
    );
  }

  top(query: string[][], limit: number): FaqEntry[] {
    return topEntries(this.faq, this.index, query, limit);
  }

  answer(question: string): OfflineAnswer {
    if (this.faq.length === 0) return { kind: "no_match", confidence: 0, reason: "empty_faq" };
    const terms = searchTermGroups(question);
    if (terms.length === 0) return { kind: "no_match", confidence: 0, reason: "no_terms" };
    const [best] = this.index.search(terms, 1);
    if (!best || best.coverage < this.minCoverage)
      return { kind: "no_match", confidence: best?.coverage ?? 0, reason: "low_confidence" };
    const entry = this.faq[best.doc] as FaqEntry;
    return { kind: "answer", entry: best.doc, text: entry.answer, confidence: best.coverage };
  }
}

/** The FAQ entries closest to a query (for a model prompt when the whole FAQ is too long). */
export function topEntries(
  faq: readonly FaqEntry[],
  index: Bm25Index,
  query: string[][],
  limit: number,
): FaqEntry[] {
  return index.search(query, limit).map((hit) => faq[hit.doc] as FaqEntry);
}

const cache = new WeakMap<readonly FaqEntry[], OfflineResponder>();
/** One index per FAQ array (settings objects are replaced, never mutated). */
export function offlineResponderFor(faq: readonly FaqEntry[]): OfflineResponder {
  let r = cache.get(faq);
  if (!r) {
    r = new OfflineResponder(faq);
    cache.set(faq, r);
  }
  return r;
}
