import { describe, expect, it } from "vitest";
import type { Automation } from "../../shared/automation.ts";
import type { Decision } from "../automations/engine/decision.ts";
import type { InboundEvent } from "../instagram/inbound-event.ts";
import { continueAiConversation } from "./ai-continuation.ts";

const now = new Date("2026-11-23T12:00:00Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);
const automation = (id: string, extra: Partial<Automation> = {}): Automation =>
  ({
    id,
    workspaceId: "w",
    version: 1,
    name: id,
    enabled: true,
    priority: 0,
    accountId: null,
    trigger: { type: "dm_keyword" },
    conditions: { keywords: [{ text: "course", match: "contains" }] },
    actions: [
      { type: "add_tag", tag: "ai" },
      { type: "ai_reply", instructions: "help" },
    ],
    options: { oncePerPerson: false, replyDelaySeconds: 0 },
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    ...extra,
  }) as Automation;
const dm = (text: string, kind: InboundEvent["kind"] = "message"): InboundEvent => ({
  kind,
  igAccountId: "ig",
  personId: "p",
  timestamp: now.getTime(),
  form: "messaging",
  dedupeKey: "k",
  text,
  isEcho: false,
  isSelf: false,
});
const miss: Decision = { kind: "miss", reasons: [{ code: "no_trigger_matched" }] };
const ctx = { now, accountUuid: "acc" };
const inAi = { aiAutomationId: "ai1", aiConversationAt: hoursAgo(2) };

describe("continueAiConversation", () => {
  it("sends a follow-up nothing matched to the AI automation's reply action, and only that action", () => {
    expect(continueAiConversation(miss, dm("and the price?"), inAi, [automation("ai1")], ctx)).toEqual({
      kind: "run",
      automationId: "ai1",
      actions: [{ type: "ai_reply", instructions: "help" }],
      trigger: "dm_keyword",
    });
  });

  it("also beats an any-message fallback, but not a more specific automation", () => {
    const fallback: Decision = { kind: "run", automationId: "welcome", actions: [], trigger: "any_message" };
    expect(continueAiConversation(fallback, dm("and?"), inAi, [automation("ai1")], ctx)?.kind).toBe("run");
    const keyword: Decision = { kind: "run", automationId: "price", actions: [], trigger: "dm_keyword" };
    expect(continueAiConversation(keyword, dm("price"), inAi, [automation("ai1")], ctx)).toBeUndefined();
  });

  it("ends after 24 hours, on a paused conversation, on non-text events, for a disabled or other-account automation", () => {
    const list = [automation("ai1")];
    expect(
      continueAiConversation(miss, dm("hi"), { ...inAi, aiConversationAt: hoursAgo(25) }, list, ctx),
    ).toBeUndefined();
    expect(
      continueAiConversation(miss, dm("hi"), { aiAutomationId: null, aiConversationAt: null }, list, ctx),
    ).toBeUndefined();
    const paused: Decision = { kind: "miss", reasons: [{ code: "bot_paused" }] };
    expect(continueAiConversation(paused, dm("hi"), inAi, list, ctx)).toBeUndefined();
    expect(continueAiConversation(miss, dm("", "reaction"), inAi, list, ctx)).toBeUndefined();
    expect(
      continueAiConversation(miss, dm("hi"), inAi, [automation("ai1", { enabled: false })], ctx),
    ).toBeUndefined();
    expect(
      continueAiConversation(miss, dm("hi"), inAi, [automation("ai1", { accountId: "other" })], ctx),
    ).toBeUndefined();
    expect(continueAiConversation(miss, dm("hi"), inAi, [automation("ai2")], ctx)).toBeUndefined();
  });
});
