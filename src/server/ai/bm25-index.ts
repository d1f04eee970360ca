/**
 * Okapi BM25 over short documents made of weighted fields (an FAQ question counts fully, its
 * answer less). Built once per FAQ; `search` is a few map lookups per query term. Pure.
 */

export interface Bm25Field {
  terms: string[];
  weight: number;
}

export interface Bm25Hit {
  doc: number;
  score: number;
  /** Share of the query's weight (IDF) that this document contains, 0–1: the confidence. */
  coverage: number;
}

const K1 = 1.2;
const B = 0.75;

export class Bm25Index {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: number[] = [];
  private readonly averageLength: number;
  readonly size: number;

  constructor(docs: Bm25Field[][]) {
    this.size = docs.length;
    docs.forEach((fields, doc) => {
      const tf = new Map<string, number>();
      let length = 0;
      for (const field of fields) {
        for (const term of field.terms) tf.set(term, (tf.get(term) ?? 0) + field.weight);
        length += field.terms.length * field.weight;
      }
      this.lengths.push(length);
      for (const [term, n] of tf) {
        let list = this.postings.get(term);
        if (!list) {
          list = [];
          this.postings.set(term, list);
        }
        list.push({ doc, tf: n });
      }
    });
    this.averageLength = this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, this.size) || 1;
  }

  /** Inverse document frequency; a term no document has gets the highest value. */
  idf(term: string): number {
    const df = this.postings.get(term)?.length ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /**
   * The best documents, highest score first. `query` is one group of alternative terms per
   * query word (a stem and its concept): every distinct term scores; for the coverage, a word
   * weighs its rarest term's IDF and counts as found when the document has any of its terms.
   */
  search(query: string[][], limit = 3): Bm25Hit[] {
    const unique = [...new Set(query.flat())];
    // Terms starting with "~" (places) weigh in only where a document has them too.
    const groups = query.map((g) => ({
      terms: g,
      weight: Math.max(...g.map((t) => this.idf(t))),
      optional: g.every((t) => t.startsWith("~")),
    }));
    const scores = new Map<number, { score: number; has: Set<string> }>();
    for (const term of unique) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      for (const { doc, tf } of list) {
        const norm = K1 * (1 - B + (B * (this.lengths[doc] ?? 0)) / this.averageLength);
        let s = scores.get(doc);
        if (!s) {
          s = { score: 0, has: new Set() };
          scores.set(doc, s);
        }
        s.score += (idf * tf * (K1 + 1)) / (tf + norm);
        s.has.add(term);
      }
    }
    return [...scores]
      .map(([doc, s]) => {
        let found = 0;
        let missing = 0;
        for (const g of groups) {
          if (g.terms.some((t) => s.has.has(t))) found += g.weight;
          else if (!g.optional) missing += g.weight;
        }
        return { doc, score: s.score, coverage: found + missing > 0 ? found / (found + missing) : 0 };
      })
      .sort((a, b) => b.score - a.score || a.doc - b.doc)
      .slice(0, limit);
  }
}
