import { getTableColumns, type SQL, sql, type Table } from "drizzle-orm";
import type { InboundEvent } from "../instagram/inbound-event.ts";
import { WINDOW_OPENING_KINDS } from "../instagram/inbound-event.ts";
import { type MessageContent, messageContentOf, previewOf } from "./inbound-message.ts";

/**
 * The inbox's writes, as CTEs folded into statements the pipeline already makes (issue 17 counts
 * statements per DM): a person's message rides on the contact upsert, our sends on the Sender's
 * intent and outcome updates. Every fragment reads the thread from a CTE named by the caller.
 */

const json = (v: unknown) => (v == null ? sql`null` : sql`${JSON.stringify(v)}::jsonb`);

/**
 * Upserts the conversation row from the messages a CTE `from` just inserted (none: no change,
 * so a retried event does not count twice). `inbound` messages count as unread and move the window.
 */
function conversationUpsert(
  from: string,
  preview: string,
  direction: "in" | "out",
  opensWindow: boolean,
): SQL {
  const src = sql.raw(from);
  const window = opensWindow ? sql`${src}.at + interval '24 hours'` : sql`null::timestamptz`;
  return sql`insert into autodm.conversations as cv
      (contact_id, workspace_id, account_id, last_message_at, last_message_preview, last_message_direction,
       can_reply_until, unread_count)
    select ${src}.conversation_id, ${src}.workspace_id, ${src}.account_id, ${src}.at, ${preview}::text,
       ${direction}::text, ${window}, ${direction === "in" ? 1 : 0}::int
    from ${src}
    on conflict (contact_id) do update set
      last_message_preview = case when excluded.last_message_at >= cv.last_message_at
        then excluded.last_message_preview else cv.last_message_preview end,
      last_message_direction = case when excluded.last_message_at >= cv.last_message_at
        then excluded.last_message_direction else cv.last_message_direction end,
      last_message_at = greatest(cv.last_message_at, excluded.last_message_at),
      can_reply_until = greatest(cv.can_reply_until, excluded.can_reply_until),
      unread_count = cv.unread_count + excluded.unread_count,
      updated_at = now()`;
}

/**
 * What one of the person's events does to their thread, as CTEs over the contact row `c`
 * (columns id, workspace_id, account_id); undefined when it changes nothing there.
 */
export function inboundThreadCtes(event: InboundEvent, eventId: number): SQL | undefined {
  if (event.isEcho) return undefined;
  if (event.kind === "read") {
    // Meta's read receipt covers the message it names and everything before it.
    const upTo = event.messageId
      ? sql`coalesce((select x.at from autodm.messages x, c where x.account_id = c.account_id
           and x.meta_message_id = ${event.messageId} limit 1), ${new Date(event.timestamp).toISOString()}::timestamptz)`
      : sql`${new Date(event.timestamp).toISOString()}::timestamptz`;
    return sql`r as (update autodm.messages mm set status = 'read' from c
      where mm.workspace_id = c.workspace_id and mm.conversation_id = c.id and mm.direction = 'out'
        and mm.status in ('sent', 'delivered') and mm.at <= ${upTo})`;
  }
  if (event.kind === "edit" && event.messageId && event.text !== undefined) {
    return sql`e as (update autodm.messages mm set text = ${event.text} from c
      where mm.account_id = c.account_id and mm.meta_message_id = ${event.messageId} and mm.direction = 'in')`;
  }
  const content = messageContentOf(event);
  if (!content) return undefined;
  return eventMessageCtes(event, content, "in", eventId);
}

/** An event's message over the contact row `c`, once per dedupe key, and its conversation. */
function eventMessageCtes(
  event: InboundEvent,
  content: MessageContent,
  direction: "in" | "out",
  eventId?: number,
) {
  const inbound = direction === "in";
  return sql`m as (${insertMessage(sql.raw("c"), content, {
    direction,
    senderKind: inbound ? "person" : "app",
    status: inbound ? "received" : "delivered",
    metaMessageId: event.messageId ?? null,
    dedupeKey: event.dedupeKey,
    eventId: eventId ?? null,
    at: new Date(event.timestamp),
  })} on conflict (account_id, dedupe_key) where dedupe_key is not null do nothing
    returning conversation_id, workspace_id, account_id, at),
  v as (${conversationUpsert("m", previewOf(content), direction, inbound && WINDOW_OPENING_KINDS.has(event.kind))})`;
}

interface MessageMeta {
  direction: "in" | "out";
  senderKind: "person" | "automation" | "ai" | "member" | "app";
  senderRef?: string | null;
  status: "received" | "pending" | "sent" | "delivered" | "failed";
  metaMessageId?: string | null;
  dedupeKey?: string | null;
  eventId?: number | null;
  outboundId?: SQL | null;
  humanAgent?: boolean;
  at: Date | SQL;
}

/** `insert into messages … select … from <thread>` where the thread row has id/workspace_id/account_id. */
function insertMessage(thread: SQL, content: MessageContent, meta: MessageMeta): SQL {
  const at = meta.at instanceof Date ? sql`${meta.at.toISOString()}::timestamptz` : meta.at;
  return sql`insert into autodm.messages
      (workspace_id, conversation_id, account_id, direction, type, text, attachments, ref, sender_kind,
       sender_ref, status, meta_message_id, dedupe_key, event_id, outbound_id, human_agent, at)
    select ${thread}.workspace_id, ${thread}.id, ${thread}.account_id,
      ${meta.direction}::autodm.message_direction, ${content.type}::autodm.message_type,
      ${content.text}::text, ${json(content.attachments)}, ${json(content.ref)},
      ${meta.senderKind}::autodm.sender_kind, ${meta.senderRef ?? null}::text,
      ${meta.status}::autodm.message_status, ${meta.metaMessageId ?? null}::text,
      ${meta.dedupeKey ?? null}::text, ${meta.eventId ?? null}::bigint, ${meta.outboundId ?? sql`null::uuid`},
      ${meta.humanAgent ?? false}::boolean, ${at}
    from ${thread}`;
}

/** Who wrote one of our outgoing messages. */
export interface MessageAuthor {
  kind: "automation" | "ai" | "member";
  /** automation id or member user id */
  ref?: string | null;
}

/**
 * Our outgoing message, recorded with the Sender's intent row (CTE `o`: the inserted
 * outbound_messages row) as `pending`, unless the thread already holds it (an inbox reply,
 * created when it was typed). Public replies are comments, not thread messages.
 */
export function outboundThreadCtes(
  content: MessageContent,
  author: MessageAuthor,
  ref: MessageContent["ref"],
  humanAgent: boolean,
): SQL {
  return sql`t as (select o.contact_id as id, o.workspace_id, o.account_id, o.id as outbound_id, o.created_at
      from o where o.contact_id is not null and o.channel <> 'public_reply'),
    m as (${insertMessage(
      sql.raw("t"),
      { ...content, ref: ref ?? content.ref },
      {
        direction: "out",
        senderKind: author.kind,
        senderRef: author.ref ?? null,
        status: "pending",
        outboundId: sql`t.outbound_id`,
        humanAgent,
        at: sql`t.created_at`,
      },
    )} on conflict (outbound_id) do nothing
      returning conversation_id, workspace_id, account_id, at),
    v as (${conversationUpsert("m", previewOf(content), "out", false)})`;
}

/** After a send's outcome (CTE `o`: the updated outbound row): its thread message follows. */
export function outcomeThreadCte(status: "pending" | "sent" | "delivered" | "failed"): SQL {
  return sql`mo as (update autodm.messages mm set
      status = case when mm.status in ('delivered', 'read') and ${status}::text = 'sent' then mm.status
        else ${status}::autodm.message_status end,
      meta_message_id = coalesce(o.meta_message_id, mm.meta_message_id),
      failure_code = case when ${status}::text = 'failed' then o.error_code end,
      failure_reason = case when ${status}::text = 'failed' then o.error_message end
    from o where mm.outbound_id = o.id)`;
}

/** A reply typed in the Instagram app (an echo that is not ours), over the contact row `c`. */
export function echoThreadCtes(event: InboundEvent): SQL | undefined {
  const content = messageContentOf({ ...event, kind: "message" });
  return content ? eventMessageCtes(event, content, "out") : undefined;
}

/** A raw row (snake_case, driver values) of `table` → its typed select shape. */
export function mapRow<T extends Table>(table: T, raw: Record<string, unknown>): T["$inferSelect"] {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return out as T["$inferSelect"];
}
