import type { MatchKind, Trigger, TriggerType } from "../../../shared/automation.ts";
import type { InboundEvent, InboundEventKind } from "../../instagram/inbound-event.ts";
import type { CompiledAutomation } from "./compile-automation.ts";
import type { ContactFacts } from "./decision.ts";
import { MATCH_STRENGTH } from "./keyword-match.ts";
import { canonicalize, isEmojiOnly } from "./normalize-text.ts";
import { narrowingOf, type Ranked, tierOf } from "./specificity.ts";

/**
 * Which events each trigger accepts (before keywords):
 * - dm_keyword: message, quick_reply (its text), story_reply, referral — with text
 * - comment_keyword: comment, live_comment on the chosen posts
 * - first_message, any_message: message, quick_reply, postback, story_reply, referral
 *   (not mentions or reactions); first_message only when `contact.isFirstMessage`
 * - story_reply: story_reply to any / a listed story; story_mention; reaction
 * - payload: quick_reply or postback with a listed payload (exact, case-sensitive)
 * - ref: referral (or a message carrying one) with a listed ref, or any ref
 */
const DM_TEXT_KINDS: ReadonlySet<InboundEventKind> = new Set([
  "message",
  "quick_reply",
  "story_reply",
  "referral",
]);
const MESSAGE_KINDS: ReadonlySet<InboundEventKind> = new Set([
  "message",
  "quick_reply",
  "postback",
  "story_reply",
  "referral",
]);

const kinds = (...k: InboundEventKind[]): ReadonlySet<InboundEventKind> => new Set(k);

/** The event kinds each trigger type can accept at all. */
export const TRIGGER_KINDS: Record<TriggerType, ReadonlySet<InboundEventKind>> = {
  dm_keyword: DM_TEXT_KINDS,
  comment_keyword: kinds("comment", "live_comment"),
  first_message: MESSAGE_KINDS,
  story_reply: kinds("story_reply"),
  story_mention: kinds("story_mention"),
  reaction: kinds("reaction"),
  payload: kinds("quick_reply", "postback"),
  ref: kinds("referral", "message"),
  any_message: MESSAGE_KINDS,
};

/** The event's text, computed once per event. */
export class EventText {
  readonly canon: string;
  #emojiOnly: boolean | undefined;
  constructor(readonly raw: string | undefined) {
    this.canon = raw ? canonicalize(raw) : "";
  }
  get emojiOnly(): boolean {
    this.#emojiOnly ??= isEmojiOnly(this.raw);
    return this.#emojiOnly;
  }
}

export function commentMediaId(event: InboundEvent): string | undefined {
  return event.comment?.mediaId ?? event.mediaId;
}

export function storyIdOf(event: InboundEvent): string | undefined {
  return event.replyTo?.storyId ?? event.storyId;
}

export function tapPayload(event: InboundEvent): string | undefined {
  if (event.kind === "quick_reply") return event.quickReply?.payload;
  if (event.kind === "postback") return event.postback?.payload;
  return undefined;
}

export function acceptsEvent(trigger: Trigger, event: InboundEvent, contact: ContactFacts): boolean {
  if (!TRIGGER_KINDS[trigger.type].has(event.kind)) return false;
  switch (trigger.type) {
    case "dm_keyword":
    case "story_mention":
    case "reaction":
    case "any_message":
      return true;
    case "comment_keyword": {
      if (trigger.posts === "any") return true;
      const mediaId = commentMediaId(event);
      if (mediaId === undefined) return false;
      if (trigger.posts === "next_post") return trigger.nextPostMediaId === mediaId;
      return trigger.posts.includes(mediaId);
    }
    case "first_message":
      return contact.isFirstMessage;
    case "story_reply": {
      if (trigger.stories === "any") return true;
      const storyId = storyIdOf(event);
      return storyId !== undefined && trigger.stories.includes(storyId);
    }
    case "payload": {
      const payload = tapPayload(event);
      return payload !== undefined && trigger.payloads.includes(payload);
    }
    case "ref": {
      if (!event.referral) return false;
      if (trigger.refs === "any") return true;
      return event.referral.ref !== undefined && trigger.refs.includes(event.referral.ref);
    }
  }
}

export interface TriggerMatch extends Ranked {
  matched?: { keyword: string; match: MatchKind };
}

/**
 * The strongest matching keyword (first in the list on a tie), honouring `keywordMode`
 * ("all": every keyword must match). `hit(i)` says whether keyword i matched.
 */
export function bestKeyword(
  c: CompiledAutomation,
  hit: (i: number) => boolean,
): TriggerMatch["matched"] | null {
  const all = c.automation.conditions.keywordMode === "all";
  let best: TriggerMatch["matched"] | null = null;
  for (let i = 0; i < c.keywords.length; i++) {
    const k = c.keywords[i] as (typeof c.keywords)[number];
    if (!hit(i)) {
      if (all) return null;
      continue;
    }
    if (!best || MATCH_STRENGTH[k.match] > MATCH_STRENGTH[best.match])
      best = { keyword: k.text, match: k.match };
  }
  return best;
}

/** The full trigger test: event kind and ids, emojiOnly, keywords. Null when it does not match. */
export function matchTrigger(
  c: CompiledAutomation,
  event: InboundEvent,
  contact: ContactFacts,
  text: EventText,
  hit: (i: number) => boolean,
): TriggerMatch | null {
  const { trigger, conditions } = c.automation;
  if (!acceptsEvent(trigger, event, contact)) return null;
  if (conditions.emojiOnly && !text.emojiOnly) return null;
  let matched: TriggerMatch["matched"] | null | undefined;
  if (c.keywords.length > 0) {
    matched = bestKeyword(c, hit);
    if (!matched) return null;
  } else if (trigger.type === "dm_keyword") {
    return null;
  }
  const m: TriggerMatch = { compiled: c, tier: tierOf(trigger, matched?.match), narrowing: narrowingOf(c) };
  if (matched) m.matched = matched;
  return m;
}
