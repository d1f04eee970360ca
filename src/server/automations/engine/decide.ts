import type { Automation } from "../../../shared/automation.ts";
import { AUTOMATABLE_KINDS, type InboundEvent } from "../../instagram/inbound-event.ts";
import { checkConditions } from "./check-conditions.ts";
import { type CompiledAutomation, compileAutomation } from "./compile-automation.ts";
import type { ContactFacts, Decision, EngineContext, MissReason } from "./decision.ts";
import { bucketCandidates, type EngineSnapshot } from "./engine-snapshot.ts";
import { matchKeyword } from "./keyword-match.ts";
import { resolveActions } from "./pick-variation.ts";
import { compareRanked } from "./specificity.ts";
import { EventText, matchTrigger, type TriggerMatch } from "./trigger-match.ts";

/**
 * The automation engine's one question: given this event, these automations and what we know
 * about the person, which automation runs (with its variations picked), or why none does.
 * Pure: no I/O, time and randomness come in through `ctx`.
 *
 * 1. Echoes, the account's own comments, non-automatable kinds and paused conversations are a
 *    miss with that single reason.
 * 2. Every automation whose trigger matches the event (kind, ids, emojiOnly, keywords) is a
 *    candidate — disabled ones and ones for another account included, so a miss can say so.
 * 3. Candidates are ordered by specificity (specificity.ts):
 *      payload > ref > keyword equals > whole_word > starts_with > contains
 *      > story_reply / story_mention / reaction / comment without keywords
 *      > first_message > any_message,
 *    then narrowing (listed posts/stories/refs, emojiOnly), priority (higher first), createdAt
 *    (oldest first), id.
 * 4. The first candidate whose conditions and options pass runs (check-conditions.ts). A more
 *    specific automation that is blocked (once per person spent, outside hours…) lets a less
 *    specific one run: the fallback still answers.
 * 5. None passes: a miss listing each candidate's first blocking reason, in that order; no
 *    candidate at all: `no_trigger_matched`.
 *
 * `automations` is a list (checked one by one, like `decideNaive`) or an EngineSnapshot built
 * once with `buildEngineSnapshot` (indexed: cost independent of the number of keywords).
 * Both give the same decision.
 */
export function decide(
  event: InboundEvent,
  automations: readonly Automation[] | EngineSnapshot,
  contact: ContactFacts,
  ctx: EngineContext,
): Decision {
  if (isSnapshot(automations)) return decideIndexed(event, automations, contact, ctx);
  return decideNaive(event, automations, contact, ctx);
}

/** The plain loop over every automation and keyword: the reference for the index. */
export function decideNaive(
  event: InboundEvent,
  automations: readonly Automation[],
  contact: ContactFacts,
  ctx: EngineContext,
): Decision {
  return decideWith(event, contact, ctx, (text) => {
    const matches: TriggerMatch[] = [];
    for (const automation of automations) {
      const c = compileAutomation(automation);
      const m = matchTrigger(c, event, contact, text, (i) => {
        const k = c.keywords[i];
        return k !== undefined && matchKeyword(text.canon, k.canon, k.match);
      });
      if (m) matches.push(m);
    }
    return matches;
  });
}

function decideIndexed(
  event: InboundEvent,
  snapshot: EngineSnapshot,
  contact: ContactFacts,
  ctx: EngineContext,
) {
  return decideWith(event, contact, ctx, (text) => {
    const matches: TriggerMatch[] = [];
    for (const [position, flags] of snapshot.keywords.hits(text.canon)) {
      const c = snapshot.compiled[position] as CompiledAutomation;
      const m = matchTrigger(c, event, contact, text, (i) => flags[i] === 1);
      if (m) matches.push(m);
    }
    for (const c of bucketCandidates(snapshot, event)) {
      const m = matchTrigger(c, event, contact, text, () => false);
      if (m) matches.push(m);
    }
    return matches;
  });
}

function isSnapshot(a: readonly Automation[] | EngineSnapshot): a is EngineSnapshot {
  return !Array.isArray(a) && (a as EngineSnapshot).kind === "engine-snapshot";
}

function gate(event: InboundEvent, contact: ContactFacts): MissReason | null {
  if (event.isEcho || event.kind === "echo") return { code: "echo" };
  if (event.isSelf) return { code: "own_comment" };
  if (!AUTOMATABLE_KINDS.has(event.kind)) return { code: "not_automatable", detail: event.kind };
  if (contact.botPaused) return { code: "bot_paused" };
  return null;
}

function decideWith(
  event: InboundEvent,
  contact: ContactFacts,
  ctx: EngineContext,
  candidates: (text: EventText) => TriggerMatch[],
): Decision {
  const blocked = gate(event, contact);
  if (blocked) return { kind: "miss", reasons: [blocked] };
  const text = new EventText(event.text);
  const ranked = candidates(text).sort(compareRanked);
  const reasons: MissReason[] = [];
  for (const m of ranked) {
    const outcome = checkConditions(m.compiled, event, text, contact, ctx);
    if (!outcome.ok) {
      reasons.push(outcome.reason);
      continue;
    }
    const a = m.compiled.automation;
    const run: Decision = {
      kind: "run",
      automationId: a.id,
      actions: resolveActions(a.actions, ctx.random ?? Math.random),
      trigger: a.trigger.type,
    };
    if (m.matched) run.matched = m.matched;
    if (outcome.onceKey !== undefined) run.onceKey = outcome.onceKey;
    if (outcome.needsFollowCheck) run.needsFollowCheck = true;
    if (a.options.replyDelaySeconds > 0) run.replyDelaySeconds = a.options.replyDelaySeconds;
    return run;
  }
  return { kind: "miss", reasons: reasons.length > 0 ? reasons : [{ code: "no_trigger_matched" }] };
}
