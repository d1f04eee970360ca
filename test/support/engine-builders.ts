import type { ContactFacts, EngineContext } from "../../src/server/automations/engine/decision.ts";
import { seededRandom } from "../../src/server/automations/engine/pick-variation.ts";
import type { InboundEvent } from "../../src/server/instagram/inbound-event.ts";
import { type Automation, AutomationV1, type MatchKind } from "../../src/shared/automation.ts";

/** Plain-object builders for engine tests and the benchmark. */

type AutomationInputish = Record<string, unknown> & {
  id?: string;
  trigger?: Record<string, unknown>;
  conditions?: Record<string, unknown>;
  options?: Record<string, unknown>;
  actions?: Record<string, unknown>[];
};

let clock = Date.parse("2026-01-01T00:00:00Z");

/** A validated automation (defaults filled by the model); createdAt increases with each call. */
export function automation(overrides: AutomationInputish = {}): Automation {
  clock += 1000;
  const id = overrides.id ?? `a${clock}`;
  return AutomationV1.parse({
    version: 1,
    name: `automation ${id}`,
    trigger: { type: "any_message" },
    actions: [{ type: "send_text", variations: [`reply from ${id}`] }],
    workspaceId: "ws-1",
    createdAt: new Date(clock).toISOString(),
    updatedAt: new Date(clock).toISOString(),
    ...overrides,
    id,
  }) as Automation;
}

export function keyword(
  id: string,
  text: string | string[],
  match: MatchKind = "equals",
  overrides: AutomationInputish = {},
): Automation {
  const texts = Array.isArray(text) ? text : [text];
  return automation({
    id,
    trigger: { type: "dm_keyword" },
    ...overrides,
    conditions: { keywords: texts.map((t) => ({ text: t, match })), ...overrides.conditions },
  });
}

export function commentKeyword(
  id: string,
  text: string | null,
  posts: "any" | "next_post" | string[] = "any",
  overrides: AutomationInputish = {},
): Automation {
  return automation({
    id,
    trigger: { type: "comment_keyword", posts },
    actions: [
      { type: "private_reply", variations: ["here is the link"] },
      { type: "public_reply", variations: ["Sent you a DM"] },
    ],
    ...overrides,
    conditions: { keywords: text ? [{ text, match: "whole_word" }] : [], ...overrides.conditions },
  });
}

let eventCount = 0;
const base = (kind: InboundEvent["kind"], extra: Partial<InboundEvent>): InboundEvent => ({
  kind,
  igAccountId: "ig-1",
  personId: "person-1",
  timestamp: Date.parse("2026-03-02T10:00:00Z"),
  form: "messaging",
  dedupeKey: `k-${++eventCount}`,
  isEcho: false,
  isSelf: false,
  ...extra,
});

export const dm = (text: string, extra: Partial<InboundEvent> = {}) =>
  base("message", { text, messageId: "m1", ...extra });
export const comment = (text: string, mediaId = "post-1", extra: Partial<InboundEvent> = {}) =>
  base("comment", { text, form: "changes", comment: { id: "c1", mediaId }, ...extra });
export const quickReply = (payload: string, text = payload) =>
  base("quick_reply", { text, quickReply: { payload } });
export const postback = (payload: string, title = "Tap") =>
  base("postback", { postback: { payload, title } });
export const storyReply = (text: string, storyId = "story-1") =>
  base("story_reply", { text, replyTo: { storyId }, storyId });
export const storyMention = () => base("story_mention", { attachments: [{ type: "story_mention" }] });
export const reaction = () =>
  base("reaction", { reaction: { messageId: "m0", reaction: "love", emoji: "❤️" } });
export const referral = (ref?: string) =>
  base("referral", { referral: ref === undefined ? { source: "SHORTLINK" } : { ref } });
export const echo = (text = "hi") => base("echo", { text, isEcho: true });

export function contact(overrides: Partial<ContactFacts> = {}): ContactFacts {
  return {
    isNew: false,
    isFirstMessage: false,
    tags: new Set(),
    followsBusiness: true,
    used: new Set(),
    botPaused: false,
    ...overrides,
  };
}

export function ctx(overrides: Partial<EngineContext> = {}): EngineContext {
  return {
    now: new Date("2026-03-02T10:00:00Z"), // a Monday
    timeZone: "UTC",
    accountUuid: "acc-1",
    random: seededRandom(42),
    ...overrides,
  };
}
