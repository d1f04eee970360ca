import type pg from "pg";
import { type LatencySummary, summarize } from "../support/stats.ts";

/**
 * Per reply, from the databases: when the person wrote (the event's timestamp = the sandbox's
 * inbound message time), when autodm stored the webhook, when the run started, when the
 * reply intent was written, when Instagram (the sandbox) recorded the reply, and when autodm
 * marked it sent. autodm's rows come from its database, Instagram's from the sandbox's (its
 * own database when it runs in its own process; the same one in-process).
 */
export interface ReplyTimes {
  eventId: number;
  /** The person's message (sandbox mid) and autodm's reply to it (null until sent). */
  inboundMid: string | null;
  outboundMid: string | null;
  personMs: number;
  receivedMs: number;
  runCreatedMs: number;
  intentMs: number;
  sandboxReplyMs: number | null;
  sentMs: number | null;
}

/** The sandbox's record of the window: the people's DMs and the Send API's replies. */
export interface SandboxMessage {
  mid: string;
  thread: string;
  direction: "inbound" | "outbound";
  seq: number;
  ms: number;
}

export async function sandboxMessages(sandbox: pg.Pool, sinceMs: number): Promise<SandboxMessage[]> {
  const { rows } = await sandbox.query<{
    mid: string;
    thread: string;
    direction: string;
    seq: string;
    ms: string;
  }>(
    `select mid, account_id || '/' || person_id as thread, direction, seq::text,
            (extract(epoch from created_at) * 1000)::text as ms
       from autodm.sandbox_messages
      where created_at >= to_timestamp($1::float8 / 1000)
        and ((direction = 'inbound' and source = 'phone') or (direction = 'outbound' and source = 'api'))
      order by seq`,
    [sinceMs],
  );
  return rows.map((r) => ({
    mid: r.mid,
    thread: r.thread,
    direction: r.direction as SandboxMessage["direction"],
    seq: Number(r.seq),
    ms: Number(r.ms),
  }));
}

export async function replyTimes(
  app: pg.Pool,
  sandbox: SandboxMessage[],
  sinceMs: number,
): Promise<ReplyTimes[]> {
  const { rows } = await app.query<{
    event_id: string;
    in_mid: string | null;
    out_mid: string | null;
    person_ms: string;
    received_ms: string;
    run_ms: string;
    intent_ms: string;
    sent_ms: string | null;
  }>(
    `select ie.id::text as event_id, ie.event->>'messageId' as in_mid, om.meta_message_id as out_mid,
            (ie.event->>'timestamp')::float8::text as person_ms,
            (extract(epoch from ie.received_at) * 1000)::text as received_ms,
            (extract(epoch from r.created_at) * 1000)::text as run_ms,
            (extract(epoch from om.created_at) * 1000)::text as intent_ms,
            (extract(epoch from om.sent_at) * 1000)::text as sent_ms
       from autodm.inbound_events ie
       join autodm.automation_runs r on r.event_id = ie.id
       join autodm.outbound_messages om on om.run_id = r.id
      where (ie.event->>'timestamp')::float8 >= $1
      order by ie.id`,
    [sinceMs],
  );
  const replyAt = new Map(sandbox.filter((m) => m.direction === "outbound").map((m) => [m.mid, m.ms]));
  return rows.map((r) => ({
    eventId: Number(r.event_id),
    inboundMid: r.in_mid,
    outboundMid: r.out_mid,
    personMs: Number(r.person_ms),
    receivedMs: Number(r.received_ms),
    runCreatedMs: Number(r.run_ms),
    intentMs: Number(r.intent_ms),
    sandboxReplyMs: r.out_mid ? (replyAt.get(r.out_mid) ?? null) : null,
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
  sandboxDelivery: LatencySummary | null;
  /** Webhook stored → run created: queue wait + mailbox + contact upsert + decide. */
  queueAndDecide: LatencySummary | null;
  /** Run created → the sandbox recorded the reply: intent, Send API call. */
  runToReply: LatencySummary | null;
  /** activity.latency_ms as autodm records it (event timestamp → activity row). */
  activityLatency: LatencySummary | null;
  /** Replies per second: replies ÷ (first person's message → last reply). */
  throughput: number | null;
}

const maybe = (xs: number[]) => (xs.length > 0 ? summarize(xs) : null);

export function breakdown(times: ReplyTimes[], activityLatencies: number[]): LatencyBreakdown {
  const delivered = times.filter((t) => t.sandboxReplyMs !== null);
  const sent = times.filter((t) => t.sentMs !== null);
  const first = Math.min(...times.map((t) => t.personMs));
  const last = Math.max(...delivered.map((t) => t.sandboxReplyMs as number));
  return {
    replies: delivered.length,
    endToEnd: maybe(delivered.map((t) => (t.sandboxReplyMs as number) - t.personMs)),
    autodmOwn: maybe(delivered.map((t) => (t.sandboxReplyMs as number) - t.receivedMs)),
    autodmToSentMark: maybe(sent.map((t) => (t.sentMs as number) - t.receivedMs)),
    sandboxDelivery: maybe(times.map((t) => t.receivedMs - t.personMs)),
    queueAndDecide: maybe(times.map((t) => t.runCreatedMs - t.receivedMs)),
    runToReply: maybe(delivered.map((t) => (t.sandboxReplyMs as number) - t.runCreatedMs)),
    activityLatency: maybe(activityLatencies),
    throughput: delivered.length > 0 && last > first ? (delivered.length * 1000) / (last - first) : null,
  };
}

/**
 * Exactly-once and per-person order as Instagram saw them: in every thread (account, person),
 * as many replies as DMs (none lost, none twice), and the replies in the order of the DMs
 * they answer (each reply traced to its DM through autodm's run: reply mid → event → DM mid).
 */
export interface DeliveryCheck {
  dms: number;
  replies: number;
  /** DMs of a thread beyond its replies. */
  lost: number;
  /** Replies of a thread beyond its DMs. */
  doubled: number;
  /** Replies autodm has no run for (a send it does not know about). */
  untraced: number;
  /** Threads whose replies came in another order than their DMs. */
  threadsOutOfOrder: number;
  /**
   * Of those: threads whose webhooks reached autodm in another order than the DMs (the
   * sandbox retries a slow delivery, as Meta does; autodm keeps arrival order), and threads
   * whose replies left in another order than their events were stored (autodm's own rule).
   */
  threadsArrivedOutOfOrder: number;
  threadsRepliedOutOfArrivalOrder: number;
  threads: number;
}

export function checkDelivery(sandbox: SandboxMessage[], times: ReplyTimes[]): DeliveryCheck {
  const dmOf = new Map(
    times.filter((t) => t.outboundMid).map((t) => [t.outboundMid as string, t.inboundMid]),
  );
  const seqOf = new Map(sandbox.filter((m) => m.direction === "inbound").map((m) => [m.mid, m.seq]));
  const eventOf = new Map(
    times.filter((t) => t.outboundMid).map((t) => [t.outboundMid as string, t.eventId]),
  );
  const threads = new Map<string, { dms: number; replies: number; answered: number[]; events: number[] }>();
  let untraced = 0;
  for (const m of sandbox) {
    let t = threads.get(m.thread);
    if (!t) {
      t = { dms: 0, replies: 0, answered: [], events: [] };
      threads.set(m.thread, t);
    }
    if (m.direction === "inbound") t.dms++;
    else {
      t.replies++;
      const dmSeq = seqOf.get(dmOf.get(m.mid) ?? "");
      if (dmSeq === undefined) untraced++;
      else {
        t.answered.push(dmSeq);
        t.events.push(eventOf.get(m.mid) as number);
      }
    }
  }
  const out: DeliveryCheck = {
    dms: 0,
    replies: 0,
    lost: 0,
    doubled: 0,
    untraced,
    threadsOutOfOrder: 0,
    threadsArrivedOutOfOrder: 0,
    threadsRepliedOutOfArrivalOrder: 0,
    threads: threads.size,
  };
  for (const t of threads.values()) {
    const replies = t.replies;
    out.dms += t.dms;
    out.replies += replies;
    out.lost += Math.max(0, t.dms - replies);
    out.doubled += Math.max(0, replies - t.dms);
    const unsorted = (xs: number[]) => xs.some((x, i) => i > 0 && x <= (xs[i - 1] as number));
    if (unsorted(t.answered)) out.threadsOutOfOrder++;
    // Replies in the order they left; their events' ids = autodm's arrival order.
    if (unsorted(t.events)) out.threadsRepliedOutOfArrivalOrder++;
    const byDm = t.answered
      .map((seq, i) => [seq, t.events[i] as number] as const)
      .sort((a, b) => a[0] - b[0]);
    if (unsorted(byDm.map(([, id]) => id))) out.threadsArrivedOutOfOrder++;
  }
  return out;
}
