import type { MatchKind, Trigger } from "../../../shared/automation.ts";
import type { CompiledAutomation } from "./compile-automation.ts";

/**
 * THE TOTAL ORDER between automations that match one event (the first one whose conditions
 * and options pass runs; one automation per event):
 *
 *  1. tier, highest first:
 *       8 payload (a button / quick-reply payload: the person tapped something we sent)
 *       7 ref (an ig.me link's ref)
 *       6 keyword equals          ┐
 *       5 keyword whole_word      │ dm_keyword, comment_keyword and story_reply with keywords,
 *       4 keyword starts_with     │ by the strongest kind among their matching keywords
 *       3 keyword contains        ┘
 *       2 event triggers without keywords: story_reply, story_mention, reaction, comment_keyword
 *       1 first_message
 *       0 any_message (the fallback)
 *  2. narrowing, highest first: +1 for listed posts / "next_post", listed stories or listed refs,
 *     +1 for emojiOnly (an automation aimed at this post beats one for any post)
 *  3. priority, highest first
 *  4. createdAt, oldest first
 *  5. id (string order), so the order is total even for equal timestamps.
 */
export const TIER = {
  payload: 8,
  ref: 7,
  equals: 6,
  whole_word: 5,
  starts_with: 4,
  contains: 3,
  event: 2,
  first_message: 1,
  any_message: 0,
} as const;

export function tierOf(trigger: Trigger, keywordKind: MatchKind | undefined): number {
  if (trigger.type === "payload") return TIER.payload;
  if (trigger.type === "ref") return TIER.ref;
  if (keywordKind) return TIER[keywordKind];
  if (trigger.type === "first_message") return TIER.first_message;
  if (trigger.type === "any_message") return TIER.any_message;
  return TIER.event;
}

export function narrowingOf(c: CompiledAutomation): number {
  const { trigger, conditions } = c.automation;
  let n = conditions.emojiOnly ? 1 : 0;
  if (trigger.type === "comment_keyword" && trigger.posts !== "any") n++;
  if (trigger.type === "story_reply" && trigger.stories !== "any") n++;
  if (trigger.type === "ref" && trigger.refs !== "any") n++;
  return n;
}

export interface Ranked {
  compiled: CompiledAutomation;
  tier: number;
  narrowing: number;
}

/** Negative when `a` goes first. */
export function compareRanked(a: Ranked, b: Ranked): number {
  if (a.tier !== b.tier) return b.tier - a.tier;
  if (a.narrowing !== b.narrowing) return b.narrowing - a.narrowing;
  const pa = a.compiled.automation.priority;
  const pb = b.compiled.automation.priority;
  if (pa !== pb) return pb - pa;
  const ta = a.compiled.createdAtMs;
  const tb = b.compiled.createdAtMs;
  if (ta !== tb) return ta - tb;
  const ia = a.compiled.automation.id;
  const ib = b.compiled.automation.id;
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}
