import type { Automation } from "../../shared/automation.ts";
import type { Decision } from "../automations/engine/decision.ts";
import type { EngineSnapshot } from "../automations/engine/engine-snapshot.ts";
import type { InboundEvent } from "../instagram/inbound-event.ts";
import { HISTORY_MS } from "./ai-turns-repo.ts";

/**
 * A person talking with an AI automation keeps getting its answers without repeating the
 * keyword: while their last AI answer is under 24 hours old, a DM that nothing more specific
 * took (no automation matched, or only an "any message" fallback) goes to that automation's
 * AI reply. A paused conversation (hand-over) never continues. Pure.
 */
export function continueAiConversation(
  decision: Decision,
  event: InboundEvent,
  contact: { aiAutomationId: string | null; aiConversationAt: Date | null },
  automations: readonly Automation[] | EngineSnapshot,
  ctx: { now: Date; accountUuid: string },
): Decision | undefined {
  const { aiAutomationId, aiConversationAt } = contact;
  if (!aiAutomationId || !aiConversationAt) return undefined;
  if (ctx.now.getTime() - aiConversationAt.getTime() >= HISTORY_MS) return undefined;
  if (event.kind !== "message" || !event.text?.trim()) return undefined;
  if (
    decision.kind === "run" &&
    (decision.trigger !== "any_message" || decision.automationId === aiAutomationId)
  )
    return undefined;
  if (decision.kind === "miss" && decision.reasons.some((r) => r.code === "bot_paused")) return undefined;
  const list = "compiled" in automations ? automations.compiled.map((c) => c.automation) : automations;
  const automation = list.find(
    (a) => a.id === aiAutomationId && a.enabled && (a.accountId === null || a.accountId === ctx.accountUuid),
  );
  const action = automation?.actions.find((a) => a.type === "ai_reply");
  if (!automation || !action) return undefined;
  return { kind: "run", automationId: automation.id, actions: [action], trigger: automation.trigger.type };
}
