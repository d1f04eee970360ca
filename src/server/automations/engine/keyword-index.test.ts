import { describe, expect, it } from "vitest";
import {
  automation,
  comment,
  contact,
  ctx,
  dm,
  postback,
  quickReply,
  reaction,
  referral,
  storyMention,
  storyReply,
} from "../../../../test/support/engine-builders.ts";
import type { Automation, MatchKind } from "../../../shared/automation.ts";
import type { InboundEvent } from "../../instagram/inbound-event.ts";
import { compileAutomation } from "./compile-automation.ts";
import { decide, decideNaive } from "./decide.ts";
import { buildEngineSnapshot } from "./engine-snapshot.ts";
import { KeywordIndex } from "./keyword-index.ts";
import { matchKeyword } from "./keyword-match.ts";
import { canonicalize } from "./normalize-text.ts";
import { seededRandom } from "./pick-variation.ts";

const WORDS = [
  "link",
  "Link",
  "LINK",
  "price",
  "prix",
  "café",
  "cafe",
  "CAFÉ",
  "crème",
  "naïve",
  "book",
  "booking",
  "hello",
  "hell",
  "straße",
  "strasse",
  "ok",
  "o",
  "a",
  "ab",
  "abc",
  "bca",
  "año",
  "ano",
  "ñ",
  "❤️",
  "❤",
  "👍🏽",
  "👍",
  "👨‍👩‍👧",
  "🔥",
  "🇫🇷",
  "1️⃣",
  "yes",
  "no",
  "free",
  "freedom",
  "zürich",
  "Zurich",
];
const PUNCT = ["", "", " ", "  ", "!", "?", ",", ".", "-", "...", " - ", "\n", "\t", "’", "#", "@"];
const KINDS: MatchKind[] = ["equals", "whole_word", "starts_with", "contains"];

function makeGen(seed: number) {
  const r = seededRandom(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const chance = (p: number) => r() < p;
  const phrase = (min: number, max: number) => {
    const n = min + int(max - min + 1);
    let s = pick(PUNCT);
    for (let i = 0; i < n; i++) s += pick(WORDS) + (chance(0.7) ? " " : pick(PUNCT));
    return s;
  };
  const keywordText = () => {
    const w = pick(WORDS);
    if (chance(0.25)) return `${w} ${pick(WORDS)}`;
    const chars = [...w];
    // a prefix (by code point): starts_with / contains hits inside words
    if (chance(0.2) && chars.length > 2) return chars.slice(0, 1 + int(chars.length - 1)).join("");
    return w;
  };
  return { r, int, pick, chance, phrase, keywordText };
}

type Gen = ReturnType<typeof makeGen>;

function randomAutomation(g: Gen, i: number): Automation {
  const keywords = Array.from({ length: 1 + g.int(3) }, () => ({
    text: g.keywordText(),
    match: g.pick(KINDS),
  }));
  const options = { oncePerPerson: g.chance(0.2) };
  const common = {
    id: `a${i}`,
    priority: g.int(3),
    enabled: g.chance(0.9),
    accountId: g.chance(0.1) ? g.pick(["acc-1", "acc-2"]) : null,
    options,
  };
  const textConditions = {
    keywordMode: g.chance(0.2) ? "all" : "any",
    excludeKeywords: g.chance(0.15) ? [g.pick(WORDS)] : [],
    emojiOnly: g.chance(0.05),
    requireTags: g.chance(0.1) ? ["vip"] : [],
  };
  switch (g.int(10)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return automation({
        ...common,
        trigger: { type: "dm_keyword" },
        conditions: { keywords, ...textConditions },
      });
    case 4: {
      const posts = g.pick(["any", ["post-1"], ["post-2", "post-3"], "next_post"] as const);
      return automation({
        ...common,
        trigger: {
          type: "comment_keyword",
          posts,
          ...(posts === "next_post" ? { nextPostMediaId: "post-3" } : {}),
        },
        conditions: g.chance(0.8) ? { keywords, ...textConditions } : textConditions,
        actions: [{ type: "private_reply", variations: ["dm"] }],
      });
    }
    case 5:
      return automation({
        ...common,
        trigger: { type: "story_reply", stories: g.pick(["any", ["story-1"]] as const) },
        conditions: g.chance(0.5) ? { keywords, ...textConditions } : textConditions,
      });
    case 6:
      return automation({ ...common, trigger: { type: "payload", payloads: [g.pick(["P1", "P2", "P3"])] } });
    case 7:
      return automation({
        ...common,
        trigger: { type: "ref", refs: g.pick(["any", ["r1"], ["r2", "r1"]] as const) },
      });
    case 8:
      return automation({
        ...common,
        trigger: { type: g.pick(["story_mention", "reaction", "first_message"] as const) },
      });
    default:
      return automation({ ...common, trigger: { type: "any_message" }, conditions: textConditions });
  }
}

function randomEvent(g: Gen): InboundEvent {
  const text = g.phrase(0, 6);
  switch (g.int(10)) {
    case 0:
      return comment(text, g.pick(["post-1", "post-2", "post-3", "post-4"]));
    case 1:
      return quickReply(g.pick(["P1", "P2", "P9"]), text);
    case 2:
      return postback(g.pick(["P1", "P3"]));
    case 3:
      return storyReply(text, g.pick(["story-1", "story-2"]));
    case 4:
      return g.pick([storyMention(), reaction(), referral(g.pick(["r1", "r2", "r3"])), referral()]);
    default:
      return dm(g.chance(0.1) ? g.pick(["❤️", "👍🏽 👍", "🔥🔥", "👨‍👩‍👧"]) : text);
  }
}

describe("keyword index", () => {
  it("finds exactly the keywords matchKeyword finds (random keywords and messages)", () => {
    const g = makeGen(7);
    for (let round = 0; round < 20; round++) {
      const autos = Array.from({ length: 60 }, (_, i) => randomAutomation(g, i)).map(compileAutomation);
      const index = new KeywordIndex(autos);
      for (let n = 0; n < 100; n++) {
        const canon = canonicalize(g.phrase(0, 8));
        const hits = index.hits(canon);
        autos.forEach((c, pos) => {
          c.keywords.forEach((k, i) => {
            const expected = matchKeyword(canon, k.canon, k.match);
            expect(hits.get(pos)?.[i] === 1, `${k.match} "${k.canon}" in "${canon}"`).toBe(expected);
          });
        });
      }
    }
  });

  it("decide over a snapshot equals the naive loop on thousands of random cases", () => {
    const g = makeGen(2026);
    let runs = 0;
    let cases = 0;
    const codes = new Set<string>();
    for (let round = 0; round < 40; round++) {
      const autos = Array.from({ length: 20 + g.int(80) }, (_, i) => randomAutomation(g, i))
        // half the rounds without a fallback, so misses and their reasons are compared too
        .filter((a) => round % 2 === 0 || a.trigger.type !== "any_message");
      const snapshot = buildEngineSnapshot(autos);
      for (let n = 0; n < 100; n++) {
        const event = randomEvent(g);
        const facts = contact({
          isNew: g.chance(0.3),
          isFirstMessage: g.chance(0.2),
          tags: new Set(g.chance(0.5) ? ["vip"] : []),
          followsBusiness: g.pick([true, false, null]),
          used: new Set(g.chance(0.3) ? autos.slice(0, 10).map((a) => a.id) : []),
        });
        const context = ctx({ accountUuid: g.pick(["acc-1", "acc-2"]) });
        const seed = g.int(1e9);
        const naive = decideNaive(event, autos, facts, { ...context, random: seededRandom(seed) });
        const indexed = decide(event, snapshot, facts, { ...context, random: seededRandom(seed) });
        expect(indexed, JSON.stringify({ event, round, n })).toEqual(naive);
        cases++;
        if (naive.kind === "run") runs++;
        else for (const r of naive.reasons) codes.add(r.code);
      }
    }
    expect(cases).toBe(4000);
    // The generator must exercise both outcomes, not only misses.
    expect(runs).toBeGreaterThan(1000);
    expect(cases - runs).toBeGreaterThan(500);
    expect([...codes].sort()).toEqual(
      expect.arrayContaining([
        "already_used",
        "disabled",
        "excluded_keyword",
        "missing_tag",
        "no_trigger_matched",
      ]),
    );
  });
});
