import { describe, expect, it } from "vitest";
import { pickVariation, resolveActions, seededRandom } from "./pick-variation.ts";

describe("pickVariation", () => {
  it("maps random() in [0, 1) onto the variations", () => {
    expect(pickVariation(["a", "b", "c"], () => 0)).toBe("a");
    expect(pickVariation(["a", "b", "c"], () => 0.34)).toBe("b");
    expect(pickVariation(["a", "b", "c"], () => 0.999999)).toBe("c");
    expect(pickVariation(["a", "b", "c"], () => 1)).toBe("c");
  });
  it("is reproducible with a seed and uses every variation", () => {
    const pick = (seed: number) => {
      const r = seededRandom(seed);
      return Array.from({ length: 300 }, () => pickVariation(["a", "b", "c"], r));
    };
    expect(pick(1)).toEqual(pick(1));
    expect(pick(1)).not.toEqual(pick(2));
    const counts: Record<string, number> = {};
    for (const v of pick(3)) counts[v] = (counts[v] ?? 0) + 1;
    for (const v of ["a", "b", "c"]) expect(counts[v]).toBeGreaterThan(70);
  });
});

describe("resolveActions", () => {
  it("replaces variations by the picked text, one draw per action, in order", () => {
    const draws = [0.9, 0.1];
    const resolved = resolveActions(
      [
        {
          type: "private_reply",
          variations: ["p1", "p2"],
          buttons: [{ type: "web_url", title: "Open", url: "https://x.io" }],
        },
        { type: "add_tag", tag: "lead" },
        { type: "public_reply", variations: ["r1", "r2"] },
      ],
      () => draws.shift() ?? 0,
    );
    expect(resolved).toEqual([
      {
        type: "private_reply",
        text: "p2",
        buttons: [{ type: "web_url", title: "Open", url: "https://x.io" }],
      },
      { type: "add_tag", tag: "lead" },
      { type: "public_reply", text: "r1" },
    ]);
  });
});
