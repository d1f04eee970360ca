import type { InboundEvent } from "../../instagram/inbound-event.ts";
import { describeLocalTime, isWithinActiveHours, localTime } from "./active-hours.ts";
import type { CompiledAutomation } from "./compile-automation.ts";
import type { ContactFacts, EngineContext, MissReason } from "./decision.ts";
import { hasWholeWords } from "./keyword-match.ts";
import { commentMediaId, type EventText } from "./trigger-match.ts";

export type ConditionOutcome =
  | { ok: true; onceKey?: string; needsFollowCheck?: true }
  | { ok: false; reason: MissReason };

/** The once-per-person key: per post for comment triggers. */
export function onceKeyOf(c: CompiledAutomation, event: InboundEvent): string {
  const { id, trigger } = c.automation;
  if (trigger.type !== "comment_keyword") return id;
  const mediaId = commentMediaId(event);
  return mediaId === undefined ? id : `${id}:${mediaId}`;
}

/**
 * Everything after the trigger, in this order (the first that fails is the reason):
 * disabled → wrong_account → excluded_keyword → outside_active_hours → already_used →
 * not_new_contact → missing_tag → has_excluded_tag → not_following.
 */
export function checkConditions(
  c: CompiledAutomation,
  event: InboundEvent,
  text: EventText,
  contact: ContactFacts,
  ctx: EngineContext,
): ConditionOutcome {
  const a = c.automation;
  const miss = (code: MissReason["code"], detail?: string): ConditionOutcome => ({
    ok: false,
    reason: detail === undefined ? { code, automationId: a.id } : { code, automationId: a.id, detail },
  });
  if (!a.enabled) return miss("disabled");
  if (a.accountId !== null && a.accountId !== ctx.accountUuid) return miss("wrong_account");
  const excluded = c.excludeKeywords.find((k) => hasWholeWords(text.canon, k));
  if (excluded !== undefined) return miss("excluded_keyword", excluded);
  const hours = a.options.activeHours;
  if (hours) {
    const local = localTime(ctx.now, hours.timeZone ?? ctx.timeZone);
    if (!isWithinActiveHours(hours, local)) return miss("outside_active_hours", describeLocalTime(local));
  }
  let onceKey: string | undefined;
  if (a.options.oncePerPerson) {
    onceKey = onceKeyOf(c, event);
    if (contact.used.has(onceKey)) return miss("already_used", onceKey);
  }
  const cond = a.conditions;
  if (cond.newContactOnly && !contact.isNew) return miss("not_new_contact");
  const missing = cond.requireTags.find((t) => !contact.tags.has(t));
  if (missing !== undefined) return miss("missing_tag", missing);
  const unwanted = cond.excludeTags.find((t) => contact.tags.has(t));
  if (unwanted !== undefined) return miss("has_excluded_tag", unwanted);
  if (cond.mustFollow && contact.followsBusiness === false) return miss("not_following");
  const ok: ConditionOutcome = { ok: true };
  if (onceKey !== undefined) ok.onceKey = onceKey;
  if (cond.mustFollow && contact.followsBusiness === null) ok.needsFollowCheck = true;
  return ok;
}
