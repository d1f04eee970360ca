/**
 * A signed webhook body (META_PLATFORM.md §2) → typed InboundEvents, whatever form they came in:
 * `entry[].messaging[]`, `entry[].standby[]`, `entry[].changes[]`, `field`/`value` flat on the
 * entry, or the dashboard's test payload. Pure and total: anything it does not understand is
 * listed in `ignored` (with where and why) and the rest of the batch still normalizes.
 *
 * Readings chosen on the unconfirmed points (see the per-item modules for details):
 * - Messaging events file under the business side of the item — `recipient.id` for what the
 *   person did, `sender.id` for echoes — not `entry[].id` (the Page id for `object:"page"`, "0"
 *   for tests). Field events (`changes`, flat) file under `entry[].id`.
 * - Timestamps are converted by magnitude (seconds below 1e11, else ms), which fits both
 *   documented units and the test payload's seconds-as-a-string.
 * - A flat `field`/`value` on an entry is read as one change.
 */
import type { InboundEvent } from "./inbound-event.ts";
import { normalizeChange } from "./normalize-change.ts";
import {
  type EntryInfo,
  type IgnoredItem,
  isPlainObject,
  kindOf,
  type NormalizeContext,
  toEpochMs,
} from "./normalize-context.ts";
import { normalizeMessagingItem } from "./normalize-messaging.ts";
import { describeIssues, Entry, Envelope } from "./webhook-payload-schema.ts";

export interface NormalizeResult {
  events: InboundEvent[];
  /** Well-formed JSON that is not (or not entirely) something we understand: each skipped item and why. Acknowledged with 200 by the receiver, logged. */
  ignored: { reason: string; path: string }[];
}

const SUPPORTED_OBJECTS: ReadonlySet<string> = new Set(["instagram", "page"]);

/** `body` is the parsed JSON of a signed webhook POST. Pure: no I/O, never throws on any JSON value. */
export function normalizeWebhook(
  body: unknown,
  options: { accountIds?: ReadonlySet<string> } = {},
): NormalizeResult {
  const events: InboundEvent[] = [];
  const ignored: IgnoredItem[] = [];
  const ctx: NormalizeContext = { accountIds: options.accountIds, events, ignored };

  if (!isPlainObject(body)) {
    ignored.push({ path: "$", reason: `body is not a JSON object (got ${kindOf(body)})` });
    return { events, ignored };
  }
  const envelope = Envelope.safeParse(body);
  if (!envelope.success) {
    ignored.push({ path: "$", reason: `not a webhook envelope: ${describeIssues(envelope.error)}` });
    return { events, ignored };
  }
  const { object, entry } = envelope.data;
  if (!SUPPORTED_OBJECTS.has(object)) {
    ignored.push({
      path: "object",
      reason: `unsupported object "${object}" (expected "instagram" or "page")`,
    });
    return { events, ignored };
  }
  if (entry.length === 0) ignored.push({ path: "entry", reason: "empty entry list" });
  for (let i = 0; i < entry.length; i++) normalizeEntry(entry[i], `entry[${i}]`, ctx);
  return { events, ignored };
}

const MESSAGING_LISTS = [
  ["messaging", "messaging"],
  ["standby", "standby"],
] as const;

function normalizeEntry(raw: unknown, path: string, ctx: NormalizeContext): void {
  if (!isPlainObject(raw)) {
    ctx.ignored.push({ path, reason: `entry is not an object (got ${kindOf(raw)})` });
    return;
  }
  const parsed = Entry.safeParse(raw);
  if (!parsed.success) {
    ctx.ignored.push({ path, reason: `malformed entry: ${describeIssues(parsed.error)}` });
    return;
  }
  const info: EntryInfo = {
    id: parsed.data.id ?? undefined,
    timeMs: parsed.data.time != null ? toEpochMs(parsed.data.time) : undefined,
  };

  let found = false;
  for (const [key, form] of MESSAGING_LISTS) {
    const list = raw[key];
    if (list == null) continue;
    found = true;
    if (!Array.isArray(list)) {
      ctx.ignored.push({ path: `${path}.${key}`, reason: `${key} is not an array (got ${kindOf(list)})` });
      continue;
    }
    for (let j = 0; j < list.length; j++) {
      normalizeMessagingItem(list[j], `${path}.${key}[${j}]`, form, info, ctx);
    }
  }

  const changes = raw.changes;
  if (changes != null) {
    found = true;
    if (!Array.isArray(changes)) {
      ctx.ignored.push({
        path: `${path}.changes`,
        reason: `changes is not an array (got ${kindOf(changes)})`,
      });
    } else {
      for (let j = 0; j < changes.length; j++)
        normalizeChange(changes[j], `${path}.changes[${j}]`, info, ctx);
    }
  }

  // Some examples put one comment's `field`/`value` directly on the entry (unconfirmed): accept it.
  if (raw.field != null) {
    found = true;
    normalizeChange(raw, path, info, ctx);
  }

  if (!found) ctx.ignored.push({ path, reason: "entry has no messaging, standby or changes" });
}
