import { decide, decideNaive } from "../src/server/automations/engine/decide.ts";
import type { ContactFacts, Decision, EngineContext } from "../src/server/automations/engine/decision.ts";
import { buildEngineSnapshot } from "../src/server/automations/engine/engine-snapshot.ts";
import { seededRandom } from "../src/server/automations/engine/pick-variation.ts";
import type { InboundEvent } from "../src/server/instagram/inbound-event.ts";
import { type Automation, AutomationV1, type MatchKind } from "../src/shared/automation.ts";

/**
 * `npm run bench:matcher`: one message against 10,000 DM-keyword automations of one account,
 * indexed `decide` (EngineSnapshot) vs `decideNaive` (the loop), per call. Target: indexed
 * median ≤ 50 µs. Progress on stderr, the Markdown table on stdout.
 */

const AUTOMATIONS = Number(process.env.BENCH_AUTOMATIONS ?? 10_000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2_000);
const progress = (m: string) => console.error(`[bench:matcher] ${m}`);

const rnd = seededRandom(20260301);
const int = (n: number) => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;

const LETTERS = [..."abcdefghijklmnopqrstuvwxyzabcdefghilmnoprstuéèàçü"];
/** Pseudo-words of 3 to 9 letters, some accented. */
const word = () => Array.from({ length: 3 + int(7) }, () => pick(LETTERS)).join("");
/** Keywords come from one vocabulary, the rest of the messages from another (overlaps are rare). */
const vocabulary = Array.from({ length: 20_000 }, word);
const keywordWords = new Set(vocabulary);
const chatter = Array.from({ length: 20_000 }, word).filter((w) => !keywordWords.has(w));

function kind(): MatchKind {
  const r = rnd();
  return r < 0.4 ? "equals" : r < 0.75 ? "whole_word" : r < 0.9 ? "starts_with" : "contains";
}

function makeAutomations(): Automation[] {
  const out: Automation[] = [];
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  for (let i = 0; i < AUTOMATIONS; i++) {
    const keywords = Array.from({ length: 1 + int(2) }, () => ({
      text: rnd() < 0.2 ? `${pick(vocabulary)} ${pick(vocabulary)}` : pick(vocabulary).toUpperCase(),
      match: kind(),
    }));
    const at = new Date(t0 + i * 1000).toISOString();
    out.push(
      AutomationV1.parse({
        version: 1,
        id: `a${i}`,
        workspaceId: "ws",
        name: `kw ${i}`,
        accountId: "acc-1",
        priority: int(3),
        trigger: { type: "dm_keyword" },
        conditions: { keywords },
        actions: [{ type: "send_text", variations: ["one", "two", "three"] }],
        createdAt: at,
        updatedAt: at,
      }),
    );
  }
  return out;
}

function makeMessages(automations: Automation[]): InboundEvent[] {
  const events: InboundEvent[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const words = Array.from({ length: 1 + int(12) }, () => pick(chatter));
    // ~20 % carry a keyword of some automation (as the whole message, a word or a prefix).
    if (rnd() < 0.2) {
      const k = pick(pick(automations).conditions.keywords).text;
      if (rnd() < 0.4) words.splice(0, words.length, k);
      else words.splice(int(words.length), 0, k);
    }
    const text = words.join(pick([" ", " ", ", ", "! "])) + pick(["", "?", "!!", " 🙏", " ❤️"]);
    events.push({
      kind: "message",
      igAccountId: "ig-1",
      personId: `p${i}`,
      timestamp: 0,
      form: "messaging",
      dedupeKey: `m${i}`,
      messageId: `m${i}`,
      text,
      isEcho: false,
      isSelf: false,
    });
  }
  return events;
}

const facts: ContactFacts = {
  isNew: false,
  isFirstMessage: false,
  tags: new Set(),
  followsBusiness: true,
  used: new Set(),
  botPaused: false,
};
const context = (): EngineContext => ({
  now: new Date("2026-03-02T10:00:00Z"),
  timeZone: "UTC",
  accountUuid: "acc-1",
  random: seededRandom(1),
});

function timeEach(events: InboundEvent[], run: (e: InboundEvent) => Decision): number[] {
  const samples: number[] = [];
  for (const e of events) {
    const start = process.hrtime.bigint();
    run(e);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return samples;
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
  return { median: at(0.5), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;

progress(`generating ${AUTOMATIONS} automations and ${MESSAGES} messages`);
const automations = makeAutomations();
const events = makeMessages(automations);

const b0 = process.hrtime.bigint();
let snapshot = buildEngineSnapshot(automations); // cold: canonicalizes every keyword
const b1 = process.hrtime.bigint();
snapshot = buildEngineSnapshot(automations); // keywords already compiled
const b2 = process.hrtime.bigint();

progress("checking that both paths agree and warming up");
let matched = 0;
for (const e of events) {
  const a = decide(e, snapshot, facts, context());
  const b = decideNaive(e, automations, facts, context());
  if (JSON.stringify(a) !== JSON.stringify(b))
    throw new Error(`indexed and naive disagree on ${JSON.stringify(e.text)}`);
  if (a.kind === "run") matched++;
}
for (let i = 0; i < 3; i++) for (const e of events) decide(e, snapshot, facts, context());

progress("timing");
const indexed = stats(timeEach(events, (e) => decide(e, snapshot, facts, context())));
const naive = stats(timeEach(events, (e) => decideNaive(e, automations, facts, context())));
const fmt = (n: number) => n.toFixed(1);

console.log(`| ${AUTOMATIONS} dm_keyword automations, ${MESSAGES} messages (${matched} matched) | median µs | p99 µs | mean µs |
|---|---:|---:|---:|
| decide (EngineSnapshot, indexed) | ${fmt(indexed.median)} | ${fmt(indexed.p99)} | ${fmt(indexed.mean)} |
| decideNaive (loop) | ${fmt(naive.median)} | ${fmt(naive.p99)} | ${fmt(naive.mean)} |
| ratio naive / indexed | ${fmt(naive.median / indexed.median)}× | ${fmt(naive.p99 / indexed.p99)}× | ${fmt(naive.mean / indexed.mean)}× |

| index build | ms |
|---|---:|
| buildEngineSnapshot, cold (canonicalize ${snapshot.keywords.patternCount} distinct keywords + automaton) | ${fmt(ms(b0, b1))} |
| buildEngineSnapshot, keywords already compiled | ${fmt(ms(b1, b2))} |

Node ${process.version}, ${process.platform}/${process.arch}. Target: indexed median ≤ 50 µs.`);
