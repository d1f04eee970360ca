import type { Action } from "../../../shared/automation.ts";
import type { ResolvedAction } from "./decision.ts";

/** One of the variations, uniformly by `random()` in [0, 1). */
export function pickVariation<T>(variations: readonly T[], random: () => number): T {
  if (variations.length === 0) throw new Error("pickVariation: no variations");
  const i = Math.min(variations.length - 1, Math.max(0, Math.floor(random() * variations.length)));
  return variations[i] as T;
}

/** Actions with their variation picked, in order (random is drawn once per action with variations). */
export function resolveActions(actions: readonly Action[], random: () => number): ResolvedAction[] {
  return actions.map((action): ResolvedAction => {
    switch (action.type) {
      case "send_text":
      case "private_reply":
      case "public_reply": {
        const { variations, ...rest } = action;
        return { ...rest, text: pickVariation(variations, random) } as ResolvedAction;
      }
      default:
        return action;
    }
  });
}

/** A small seeded generator (mulberry32) for reproducible picks in tests and previews. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
