/**
 * One messaging item (`entry[].messaging[i]`, `entry[].standby[i]`, or the `value` of a
 * messaging-like `changes` item such as the dashboard test payload) → at most one InboundEvent.
 */
import type { InboundAttachment, InboundEvent, InboundEventKind, WebhookForm } from "./inbound-event.ts";
import {
  type EntryInfo,
  isPlainObject,
  kindOf,
  type NormalizeContext,
  toEpochMs,
} from "./normalize-context.ts";
import { Attachment, describeIssues, MessagingItem } from "./webhook-payload-schema.ts";

type Item = MessagingItem;
type Base = Pick<InboundEvent, "igAccountId" | "personId" | "timestamp" | "form" | "isEcho" | "isSelf">;

/** The keys every messaging item has besides its one event body. */
const ENVELOPE_KEYS = new Set(["sender", "recipient", "timestamp"]);

export function normalizeMessagingItem(
  raw: unknown,
  path: string,
  form: WebhookForm,
  entry: EntryInfo,
  ctx: NormalizeContext,
): void {
  const parsed = MessagingItem.safeParse(raw);
  if (!parsed.success) {
    ctx.ignored.push({ path, reason: `malformed messaging item: ${describeIssues(parsed.error)}` });
    return;
  }
  const item = parsed.data;
  const timestamp = item.timestamp != null ? toEpochMs(item.timestamp) : entry.timeMs;
  if (timestamp === undefined) {
    ctx.ignored.push({ path, reason: "messaging item has no timestamp (and its entry no time)" });
    return;
  }

  // The business side is `recipient` for what the person did and `sender` for what the business
  // did: `is_echo`, or — when the caller knows its accounts — a sender that is one of them while
  // the recipient is not (e.g. a reaction made from the Instagram app). That side is the account
  // (it is the IG account id on both logins, whereas `entry[].id` is the Page id for
  // `object:"page"` and "0" for dashboard tests); the other side is the person.
  const sender = item.sender.id;
  const recipient = item.recipient.id;
  const byAccount =
    item.message?.is_echo === true ||
    (ctx.accountIds?.has(sender) === true && !ctx.accountIds.has(recipient));
  const base: Base = {
    igAccountId: byAccount ? sender : recipient,
    personId: byAccount ? recipient : sender,
    timestamp,
    form,
    isEcho: byAccount,
    isSelf: false,
  };

  const event = toEvent(item, base, path, ctx);
  if (event) {
    ctx.events.push(event);
    return;
  }
  const keys = isPlainObject(raw) ? Object.keys(raw).filter((k) => !ENVELOPE_KEYS.has(k)) : [];
  ctx.ignored.push({
    path,
    reason:
      keys.length > 0
        ? `unsupported messaging event (${keys.join(", ")})`
        : "messaging item carries no event (no message, postback, reaction, read, referral or message_edit)",
  });
}

function toEvent(item: Item, base: Base, path: string, ctx: NormalizeContext): InboundEvent | undefined {
  if (item.message) return messageEvent(item.message, base, `${path}.message`, ctx);

  if (item.message_edit) {
    const { mid, text, num_edit } = item.message_edit;
    // Without `num_edit`, the timestamp still tells two edits apart and is stable across retries.
    const nth = num_edit != null ? String(num_edit) : `@${base.timestamp}`;
    const event = event0(base, "edit", `edit:${mid}:${nth}`);
    event.messageId = mid;
    if (text != null) event.text = text;
    if (num_edit != null) event.editCount = num_edit;
    return event;
  }

  if (item.postback) {
    const { mid, title, payload, referral } = item.postback;
    const key = mid != null ? `pb:${mid}` : `pb:${item.sender.id}:${base.timestamp}:${payload}`;
    const event = event0(base, "postback", key);
    if (mid != null) event.messageId = mid;
    event.postback = title != null ? { title, payload } : { payload };
    if (referral) event.referral = referralOf(referral);
    return event;
  }

  if (item.reaction) {
    const { mid, action, reaction, emoji } = item.reaction;
    const kind = action === "react" ? "reaction" : "unreaction";
    const event = event0(base, kind, `rx:${mid}:${action}:${base.timestamp}`);
    event.messageId = mid;
    const r: NonNullable<InboundEvent["reaction"]> = { messageId: mid };
    if (reaction != null) r.reaction = reaction;
    if (emoji != null) r.emoji = emoji;
    event.reaction = r;
    return event;
  }

  if (item.read) {
    const { mid, watermark } = item.read;
    const upTo = mid ?? (watermark != null ? String(watermark) : String(base.timestamp));
    const event = event0(base, "read", `read:${upTo}:${item.sender.id}`);
    if (mid != null) event.messageId = mid;
    return event;
  }

  if (item.referral) {
    const referral = referralOf(item.referral);
    const event = event0(base, "referral", `ref:${item.sender.id}:${base.timestamp}:${referral.ref ?? ""}`);
    event.referral = referral;
    return event;
  }
  return undefined;
}

function messageEvent(
  m: NonNullable<Item["message"]>,
  base: Base,
  path: string,
  ctx: NormalizeContext,
): InboundEvent {
  const attachments = readAttachments(m.attachments, `${path}.attachments`, ctx);
  const story = m.reply_to?.story ?? undefined;
  const referral = m.referral ? referralOf(m.referral) : undefined;
  const hasText = m.text != null && m.text.length > 0;

  let kind: InboundEventKind;
  if (m.is_deleted === true) kind = "delete";
  else if (base.isEcho) kind = "echo";
  else if (m.is_unsupported === true) kind = "unsupported";
  else if (m.quick_reply) kind = "quick_reply";
  else if (story) kind = "story_reply";
  else if (attachments.some((a) => a.type === "story_mention")) kind = "story_mention";
  // A message that carries a referral is a "referral" only when it says nothing itself;
  // with text, it is a "message" (the `referral` field is set either way).
  else if (referral && !hasText) kind = "referral";
  else kind = "message";

  // Built field by field: this runs per item on the hot path, and chains of conditional
  // spreads cost an object copy each.
  const event = event0(base, kind, kind === "delete" ? `del:${m.mid}` : `m:${m.mid}`);
  event.messageId = m.mid;
  if (m.text != null) event.text = m.text;
  if (attachments.length > 0) event.attachments = attachments;
  if (m.quick_reply) event.quickReply = { payload: m.quick_reply.payload };
  const replyMid = m.reply_to?.mid;
  if (replyMid != null || story?.id != null || story?.url != null) {
    const replyTo: NonNullable<InboundEvent["replyTo"]> = {};
    if (replyMid != null) replyTo.messageId = replyMid;
    if (story?.id != null) replyTo.storyId = story.id;
    if (story?.url != null) replyTo.storyUrl = story.url;
    event.replyTo = replyTo;
  }
  if (story?.id != null) event.storyId = story.id;
  if (referral) event.referral = referral;
  return event;
}

function event0(base: Base, kind: InboundEventKind, dedupeKey: string): InboundEvent {
  return {
    kind,
    igAccountId: base.igAccountId,
    personId: base.personId,
    timestamp: base.timestamp,
    form: base.form,
    dedupeKey,
    isEcho: base.isEcho,
    isSelf: base.isSelf,
  };
}

function readAttachments(raw: unknown, path: string, ctx: NormalizeContext): InboundAttachment[] {
  if (raw == null) return [];
  if (!Array.isArray(raw)) {
    ctx.ignored.push({ path, reason: `attachments is not an array (got ${kindOf(raw)})` });
    return [];
  }
  const out: InboundAttachment[] = [];
  for (let i = 0; i < raw.length; i++) {
    const parsed = Attachment.safeParse(raw[i]);
    if (!parsed.success) {
      ctx.ignored.push({
        path: `${path}[${i}]`,
        reason: `malformed attachment: ${describeIssues(parsed.error)}`,
      });
      continue;
    }
    const { type, payload } = parsed.data;
    const url = isPlainObject(payload) && typeof payload.url === "string" ? payload.url : undefined;
    out.push(url !== undefined ? { type, url } : { type });
  }
  return out;
}

function referralOf(r: { ref?: string | null; source?: string | null; type?: string | null }) {
  const out: NonNullable<InboundEvent["referral"]> = {};
  if (r.ref != null) out.ref = r.ref;
  if (r.source != null) out.source = r.source;
  if (r.type != null) out.type = r.type;
  return out;
}
