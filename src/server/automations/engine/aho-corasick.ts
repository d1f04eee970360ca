/**
 * Aho–Corasick over UTF-16 code units: every occurrence of every pattern in one pass over
 * the text, whatever the number of patterns. Patterns are added once, then `finalize()`.
 */
export class AhoCorasick {
  readonly #goto: Map<number, number>[] = [new Map()];
  readonly #fail: number[] = [0];
  /** The pattern ending exactly at a node, or -1. */
  readonly #out: number[] = [-1];
  /** The nearest node on the failure chain that ends a pattern, or -1. */
  readonly #dict: number[] = [-1];
  readonly #lengths: number[] = [];
  readonly #ids = new Map<string, number>();
  #finalized = false;

  get patternCount(): number {
    return this.#lengths.length;
  }

  get nodeCount(): number {
    return this.#goto.length;
  }

  /** The pattern's id (the same id for the same pattern). */
  add(pattern: string): number {
    if (this.#finalized) throw new Error("AhoCorasick: add after finalize");
    if (pattern.length === 0) throw new Error("AhoCorasick: empty pattern");
    const known = this.#ids.get(pattern);
    if (known !== undefined) return known;
    let node = 0;
    for (let i = 0; i < pattern.length; i++) {
      const ch = pattern.charCodeAt(i);
      const edges = this.#goto[node] as Map<number, number>;
      let next = edges.get(ch);
      if (next === undefined) {
        next = this.#goto.length;
        edges.set(ch, next);
        this.#goto.push(new Map());
        this.#fail.push(0);
        this.#out.push(-1);
        this.#dict.push(-1);
      }
      node = next;
    }
    const id = this.#lengths.length;
    this.#lengths.push(pattern.length);
    this.#out[node] = id;
    this.#ids.set(pattern, id);
    return id;
  }

  finalize(): this {
    const queue: number[] = [];
    for (const child of (this.#goto[0] as Map<number, number>).values()) queue.push(child);
    for (let q = 0; q < queue.length; q++) {
      const node = queue[q] as number;
      for (const [ch, child] of this.#goto[node] as Map<number, number>) {
        let f = this.#fail[node] as number;
        let target = this.#goto[f]?.get(ch);
        while (target === undefined && f !== 0) {
          f = this.#fail[f] as number;
          target = this.#goto[f]?.get(ch);
        }
        const failTo = target === undefined || target === child ? 0 : target;
        this.#fail[child] = failTo;
        this.#dict[child] = (this.#out[failTo] as number) !== -1 ? failTo : (this.#dict[failTo] as number);
        queue.push(child);
      }
    }
    this.#finalized = true;
    return this;
  }

  /** Calls `found(patternId, start, end)` for every occurrence, in order of `end`. */
  search(text: string, found: (pattern: number, start: number, end: number) => void): void {
    const goto = this.#goto;
    const fail = this.#fail;
    const out = this.#out;
    const dict = this.#dict;
    const lengths = this.#lengths;
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      let next = (goto[node] as Map<number, number>).get(ch);
      while (next === undefined && node !== 0) {
        node = fail[node] as number;
        next = (goto[node] as Map<number, number>).get(ch);
      }
      node = next ?? 0;
      let o = (out[node] as number) !== -1 ? node : (dict[node] as number);
      while (o !== -1) {
        const id = out[o] as number;
        found(id, i + 1 - (lengths[id] as number), i + 1);
        o = dict[o] as number;
      }
    }
  }
}
