/**
 * One field event (`entry[].changes[i]`, or `field`/`value` flat on the entry) → at most one
 * InboundEvent: comments, live comments, Facebook-Login mentions, and messaging-like fields
 * (the dashboard "Test" button sends `field:"messages"` with a messaging item as `value`).
 */
import type { InboundEvent, WebhookForm } from "./inbound-event.ts";
import { type EntryInfo, type NormalizeContext, toEpochMs } from "./normalize-context.ts";
import { normalizeMessagingItem } from "./normalize-messaging.ts";
import { Change, CommentValue, describeIssues, MentionValue } from "./webhook-payload-schema.ts";

/** Fields whose `value` is a messaging item (`{sender, recipient, timestamp, message|postback|…}`). */
const MESSAGING_FIELDS: ReadonlySet<string> = new Set([
  "messages",
  "message_echoes",
  "message_edit",
  "message_reactions",
  "messaging_postbacks",
  "messaging_referral",
  "messaging_seen",
  "standby",
]);

/** Every field this normalizer turns into events: what autodm must subscribe to (graph-client.ts). */
export const NORMALIZED_FIELDS: readonly string[] = [
  "comments",
  "live_comments",
  "mentions",
  ...MESSAGING_FIELDS,
];

/** The dashboard "Test" button's entries carry `id:"0"`, whatever the field. */
const TEST_ENTRY_ID = "0";

const formOf = (entry: EntryInfo): WebhookForm => (entry.id === TEST_ENTRY_ID ? "test" : "changes");

export function normalizeChange(raw: unknown, path: string, entry: EntryInfo, ctx: NormalizeContext): void {
  const parsed = Change.safeParse(raw);
  if (!parsed.success) {
    ctx.ignored.push({ path, reason: `malformed change: ${describeIssues(parsed.error)}` });
    return;
  }
  const { field, value } = parsed.data;
  if (field === "comments" || field === "live_comments") commentEvent(field, value, path, entry, ctx);
  else if (field === "mentions") mentionEvent(value, path, entry, ctx);
  else if (MESSAGING_FIELDS.has(field))
    normalizeMessagingItem(value, `${path}.value`, formOf(entry), entry, ctx);
  else ctx.ignored.push({ path, reason: `unsupported field "${field}"` });
}

function commentEvent(
  field: "comments" | "live_comments",
  value: unknown,
  path: string,
  entry: EntryInfo,
  ctx: NormalizeContext,
): void {
  const parsed = CommentValue.safeParse(value);
  if (!parsed.success) {
    ctx.ignored.push({ path, reason: `malformed ${field} value: ${describeIssues(parsed.error)}` });
    return;
  }
  const v = parsed.data;
  const at = accountAndTime(v.timestamp, path, entry, ctx);
  if (!at) return;
  // The refine guarantees one of them.
  const id = (v.id ?? v.comment_id) as string;
  const mediaId = v.media?.id ?? v.media_id;
  const mediaProductType = v.media?.media_product_type;
  const adId = v.media?.ad_id ?? v.ad_id;
  const adTitle = v.media?.ad_title ?? v.ad_title;
  const originalMediaId = v.media?.original_media_id ?? v.original_media_id;
  const username = v.from.username;
  const personId = v.from.id;
  const comment: NonNullable<InboundEvent["comment"]> = { id };
  if (v.parent_id != null) comment.parentId = v.parent_id;
  if (mediaId != null) comment.mediaId = mediaId;
  if (mediaProductType != null) comment.mediaProductType = mediaProductType;
  if (adId != null) comment.adId = adId;
  if (adTitle != null) comment.adTitle = adTitle;
  if (originalMediaId != null) comment.originalMediaId = originalMediaId;
  if (username != null) comment.username = username;
  const event: InboundEvent = {
    kind: field === "comments" ? "comment" : "live_comment",
    igAccountId: at.igAccountId,
    personId,
    timestamp: at.timestamp,
    form: formOf(entry),
    dedupeKey: `c:${id}`,
    isEcho: false,
    // The account's own replies come back as comments: never automate on them.
    isSelf: personId === at.igAccountId || ctx.accountIds?.has(personId) === true,
  };
  if (v.text != null) event.text = v.text;
  event.comment = comment;
  ctx.events.push(event);
}

/**
 * Facebook Login `mentions` carry only `{comment_id, media_id}`: who mentioned the account is
 * unknown until the comment (or media) is fetched, so `personId` is "" — consumers must look
 * the author up before messaging anyone. Instagram Login delivers mentions as comments instead.
 */
function mentionEvent(value: unknown, path: string, entry: EntryInfo, ctx: NormalizeContext): void {
  const parsed = MentionValue.safeParse(value);
  if (!parsed.success) {
    ctx.ignored.push({ path, reason: `malformed mentions value: ${describeIssues(parsed.error)}` });
    return;
  }
  const { comment_id, media_id } = parsed.data;
  const at = accountAndTime(undefined, path, entry, ctx);
  if (!at) return;
  const event: InboundEvent = {
    kind: "mention",
    igAccountId: at.igAccountId,
    personId: "",
    timestamp: at.timestamp,
    form: formOf(entry),
    dedupeKey: `mention:${comment_id ?? media_id}`,
    isEcho: false,
    isSelf: false,
  };
  if (comment_id != null)
    event.comment = media_id != null ? { id: comment_id, mediaId: media_id } : { id: comment_id };
  if (media_id != null) event.mediaId = media_id;
  ctx.events.push(event);
}

/** Field events belong to `entry[].id`; their time is the item's when given, else the entry's. */
function accountAndTime(
  itemTimestamp: number | null | undefined,
  path: string,
  entry: EntryInfo,
  ctx: NormalizeContext,
): { igAccountId: string; timestamp: number } | undefined {
  if (entry.id === undefined) {
    ctx.ignored.push({ path, reason: "field event in an entry without `id` (the account it is for)" });
    return undefined;
  }
  const timestamp = itemTimestamp != null ? toEpochMs(itemTimestamp) : entry.timeMs;
  if (timestamp === undefined) {
    ctx.ignored.push({ path, reason: "field event without a time (none on the item or its entry)" });
    return undefined;
  }
  return { igAccountId: entry.id, timestamp };
}
