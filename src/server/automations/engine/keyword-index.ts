import type { MatchKind } from "../../../shared/automation.ts";
import { AhoCorasick } from "./aho-corasick.ts";
import type { CompiledAutomation } from "./compile-automation.ts";
import { occurrenceSatisfies } from "./keyword-match.ts";

interface Entry {
  automation: number;
  keyword: number;
  kind: MatchKind;
}

/**
 * Every keyword of a set of automations in one Aho–Corasick automaton over canonical text.
 * One pass over the message finds every occurrence of every keyword; each occurrence is then
 * checked against its keywords' kinds (equals: the whole message, starts_with: at 0,
 * whole_word: between spaces, contains: anywhere). Cost: the message length plus the
 * occurrences, independent of the number of automations.
 */
export class KeywordIndex {
  readonly #automaton = new AhoCorasick();
  readonly #entries: Entry[][] = [];
  readonly #keywordCounts: number[];

  constructor(automations: readonly CompiledAutomation[]) {
    this.#keywordCounts = automations.map((c) => c.keywords.length);
    automations.forEach((c, automation) => {
      c.keywords.forEach((k, keyword) => {
        if (k.canon.length === 0) return;
        const id = this.#automaton.add(k.canon);
        const entry = { automation, keyword, kind: k.match };
        const list = this.#entries[id];
        if (list) list.push(entry);
        else this.#entries[id] = [entry];
      });
    });
    this.#automaton.finalize();
  }

  get patternCount(): number {
    return this.#automaton.patternCount;
  }

  /**
   * Keyword hits for a canonical message: automation position → flags (1 = keyword i matched).
   * Only automations with at least one matching keyword appear.
   */
  hits(canon: string): Map<number, Uint8Array> {
    const hits = new Map<number, Uint8Array>();
    if (canon.length === 0) return hits;
    this.#automaton.search(canon, (pattern, start, end) => {
      for (const e of this.#entries[pattern] as Entry[]) {
        if (!occurrenceSatisfies(canon, start, end, e.kind)) continue;
        let flags = hits.get(e.automation);
        if (!flags) {
          flags = new Uint8Array(this.#keywordCounts[e.automation] ?? 0);
          hits.set(e.automation, flags);
        }
        flags[e.keyword] = 1;
      }
    });
    return hits;
  }
}
