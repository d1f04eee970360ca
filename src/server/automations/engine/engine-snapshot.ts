import type { Automation, TriggerType } from "../../../shared/automation.ts";
import type { InboundEvent } from "../../instagram/inbound-event.ts";
import { type CompiledAutomation, compileAutomation } from "./compile-automation.ts";
import { KeywordIndex } from "./keyword-index.ts";
import { commentMediaId, storyIdOf, TRIGGER_KINDS, tapPayload } from "./trigger-match.ts";

/** Automations without keywords of one trigger type: those for any id, and those by id. */
interface Bucket {
  any: CompiledAutomation[];
  byKey: Map<string, CompiledAutomation[]>;
}

/**
 * A set of automations prepared for `decide`: keywords in one automaton, the others bucketed by
 * trigger type and by the id they wait for (payload, ref, post, story). Build it once per
 * automation set (the caller caches it and rebuilds when an automation changes).
 */
export interface EngineSnapshot {
  readonly kind: "engine-snapshot";
  readonly compiled: readonly CompiledAutomation[];
  readonly keywords: KeywordIndex;
  readonly buckets: ReadonlyMap<TriggerType, Bucket>;
}

/** The id a bucketed trigger waits for, read from the event. */
function eventKey(type: TriggerType, event: InboundEvent): string | undefined {
  switch (type) {
    case "comment_keyword":
      return commentMediaId(event);
    case "story_reply":
      return storyIdOf(event);
    case "payload":
      return tapPayload(event);
    case "ref":
      return event.referral?.ref;
    default:
      return undefined;
  }
}

/** The ids an automation waits for; "any" when it takes any; [] when it can never match. */
function automationKeys(c: CompiledAutomation): readonly string[] | "any" {
  const t = c.automation.trigger;
  switch (t.type) {
    case "comment_keyword":
      if (t.posts === "any") return "any";
      if (t.posts === "next_post") return t.nextPostMediaId === undefined ? [] : [t.nextPostMediaId];
      return t.posts;
    case "story_reply":
      return t.stories;
    case "payload":
      return t.payloads;
    case "ref":
      return t.refs;
    case "dm_keyword":
      return [];
    default:
      return "any";
  }
}

export function buildEngineSnapshot(automations: readonly Automation[]): EngineSnapshot {
  const compiled = automations.map(compileAutomation);
  const buckets = new Map<TriggerType, Bucket>();
  for (const c of compiled) {
    if (c.keywords.length > 0) continue;
    const type = c.automation.trigger.type;
    let bucket = buckets.get(type);
    if (!bucket) {
      bucket = { any: [], byKey: new Map() };
      buckets.set(type, bucket);
    }
    const keys = automationKeys(c);
    if (keys === "any") {
      bucket.any.push(c);
      continue;
    }
    for (const key of new Set(keys)) {
      const list = bucket.byKey.get(key);
      if (list) list.push(c);
      else bucket.byKey.set(key, [c]);
    }
  }
  return { kind: "engine-snapshot", compiled, keywords: new KeywordIndex(compiled), buckets };
}

/** The keyword index of a set of automations, with the other triggers bucketed: an EngineSnapshot. */
export const buildKeywordIndex = buildEngineSnapshot;

/** Automations without keywords that may accept this event (a superset; the trigger test decides). */
export function bucketCandidates(snapshot: EngineSnapshot, event: InboundEvent): CompiledAutomation[] {
  const out: CompiledAutomation[] = [];
  for (const [type, bucket] of snapshot.buckets) {
    if (!TRIGGER_KINDS[type].has(event.kind)) continue;
    for (const c of bucket.any) out.push(c);
    const key = eventKey(type, event);
    if (key === undefined) continue;
    const keyed = bucket.byKey.get(key);
    if (keyed) for (const c of keyed) out.push(c);
  }
  return out;
}
