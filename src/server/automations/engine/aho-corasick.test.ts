import { describe, expect, it } from "vitest";
import { AhoCorasick } from "./aho-corasick.ts";
import { seededRandom } from "./pick-variation.ts";

function all(patterns: string[], text: string): string[] {
  const ac = new AhoCorasick();
  const ids = patterns.map((p) => ac.add(p));
  ac.finalize();
  const found: string[] = [];
  ac.search(text, (id, start, end) => found.push(`${patterns[ids.indexOf(id)]}@${start}-${end}`));
  return found.sort();
}

describe("AhoCorasick", () => {
  it("finds overlapping and nested patterns", () => {
    expect(all(["he", "she", "his", "hers"], "ushers")).toEqual(["he@2-4", "hers@2-6", "she@1-4"]);
  });
  it("finds repeated occurrences and shares ids for equal patterns", () => {
    const ac = new AhoCorasick();
    expect(ac.add("aa")).toBe(ac.add("aa"));
    expect(all(["aa", "a"], "aaa")).toEqual(["a@0-1", "a@1-2", "a@2-3", "aa@0-2", "aa@1-3"]);
  });
  it("works on emoji (UTF-16 surrogates)", () => {
    expect(all(["🔥", "❤ you"], "i ❤ you 🔥")).toEqual(["❤ you@2-7", "🔥@8-10"]);
  });
  it("matches the naive search on random strings", () => {
    const rnd = seededRandom(1);
    const word = (n: number) =>
      Array.from({ length: 1 + Math.floor(rnd() * n) }, () => "abc"[Math.floor(rnd() * 3)]).join("");
    for (let round = 0; round < 200; round++) {
      const patterns = [...new Set(Array.from({ length: 5 }, () => word(4)))];
      const text = word(30);
      const naive: string[] = [];
      for (const p of patterns)
        for (let i = text.indexOf(p); i !== -1; i = text.indexOf(p, i + 1))
          naive.push(`${p}@${i}-${i + p.length}`);
      expect(all(patterns, text)).toEqual(naive.sort());
    }
  });
});
