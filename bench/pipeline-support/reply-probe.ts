import type pg from "pg";
import { type LatencySummary, summarize } from "../support/stats.ts";

/**
 * Per reply, from the database: when the person wrote (the event's timestamp = the sandbox's
 * inbound message time), when autodm stored the webhook, when the run started, when the
 * reply intent was written, when Instagram (the sandbox) recorded the reply, and when autodm
 * marked it sent. Every event → run → outbound message of the measured window.
 */
export interface ReplyTimes {
  eventId: number;
  personMs: number;
  receivedMs: number;
  runCreatedMs: number;
  intentMs: number;
  sandboxReplyMs: number | null;
  sentMs: number | null;
}

export async function replyTimes(pool: pg.Pool, sinceMs: number): Promise<ReplyTimes[]> {
  const { rows } = await pool.query<{
    event_id: string;
    person_ms: string;
    received_ms: string;
    run_ms: string;
    intent_ms: string;
    sandbox_ms: string | null;
    sent_ms: string | null;
  }>(
    `select ie.id::text as event_id,
            (ie.event->>'timestamp')::float8::text as person_ms,
            (extract(epoch from ie.received_at) * 1000)::text as received_ms,
            (extract(epoch from r.created_at) * 1000)::text as run_ms,
            (extract(epoch from om.created_at) * 1000)::text as intent_ms,
            (extract(epoch from sm.created_at) * 1000)::text as sandbox_ms,
            (extract(epoch from om.sent_at) * 1000)::text as sent_ms
       from autodm.inbound_events ie
       join autodm.automation_runs r on r.event_id = ie.id
       join autodm.outbound_messages om on om.run_id = r.id
       left join autodm.sandbox_messages sm on sm.mid = om.meta_message_id
      where (ie.event->>'timestamp')::float8 >= $1
      order by ie.id`,
    [sinceMs],
  );
  return rows.map((r) => ({
    eventId: Number(r.event_id),
    personMs: Number(r.person_ms),
    receivedMs: Number(r.received_ms),
    runCreatedMs: Number(r.run_ms),
    intentMs: Number(r.intent_ms),
    sandboxReplyMs: r.sandbox_ms === null ? null : Number(r.sandbox_ms),
    sentMs: r.sent_ms === null ? null : Number(r.sent_ms),
  }));
}

export interface LatencyBreakdown {
  replies: number;
  /** Person's message → the sandbox recorded autodm's reply (end to end through the sandbox). */
  endToEnd: LatencySummary | null;
  /** Webhook stored by autodm → the sandbox recorded the reply (autodm's own part). */
  autodmOwn: LatencySummary | null;
  /** Webhook stored → autodm marked the reply sent (after the Send API answered). */
  autodmToSentMark: LatencySummary | null;
  /** Person's message → webhook stored: the sandbox's outbox batching + its POST + the INSERT. */
  sandboxDelivery: LatencySummary;
  /** Webhook stored → run created: queue wait + mailbox + contact upsert + decide. */
  queueAndDecide: LatencySummary;
  /** Run created → the sandbox recorded the reply: intent, Send API call. */
  runToReply: LatencySummary | null;
  /** activity.latency_ms as autodm records it (event timestamp → activity row). */
  activityLatency: LatencySummary | null;
}

const maybe = (xs: number[]) => (xs.length > 0 ? summarize(xs) : null);

export function breakdown(times: ReplyTimes[], activityLatencies: number[]): LatencyBreakdown {
  const delivered = times.filter((t) => t.sandboxReplyMs !== null);
  const sent = times.filter((t) => t.sentMs !== null);
  return {
    replies: delivered.length,
    endToEnd: maybe(delivered.map((t) => (t.sandboxReplyMs as number) - t.personMs)),
    autodmOwn: maybe(delivered.map((t) => (t.sandboxReplyMs as number) - t.receivedMs)),
    autodmToSentMark: maybe(sent.map((t) => (t.sentMs as number) - t.receivedMs)),
    sandboxDelivery: summarize(times.map((t) => t.receivedMs - t.personMs)),
    queueAndDecide: summarize(times.map((t) => t.runCreatedMs - t.receivedMs)),
    runToReply: maybe(delivered.map((t) => (t.sandboxReplyMs as number) - t.runCreatedMs)),
    activityLatency: maybe(activityLatencies),
  };
}
