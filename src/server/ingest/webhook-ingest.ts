import { sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { webhookPayloads } from "../db/schema/index.ts";
import type { InboundEvent } from "../instagram/inbound-event.ts";
import { normalizeWebhook } from "../instagram/normalize-webhook.ts";
import { verifyWebhookSignature } from "../instagram/webhook-signature.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import type { Logger } from "../observability/logger.ts";
import type { Metrics } from "../observability/metrics.ts";
import { GroupCommit } from "./group-commit.ts";
import { enqueuePersonMailboxes } from "./mailbox-enqueue.ts";
import { isDataError, screenWebhookBody, storableReason } from "./webhook-body.ts";

export type IngestOutcome =
  | { kind: "accepted"; stored: number; duplicates: number; ignored: number }
  | { kind: "duplicate"; events: number }
  /** Well signed, but nothing we understand: acknowledged (Meta would retry a non-200) and logged. */
  | { kind: "ignored"; reasons: string[] }
  /** Signed, but not storable or processable (too deep, too long, refused by the database):
   * kept as rejected with the reason and acknowledged, so Meta stops retrying it. */
  | { kind: "set_aside"; payloadId: number; reason: string }
  | { kind: "rejected"; reason: "bad_signature" | "malformed"; message: string };

/** One verified delivery on its way to the database. */
interface Delivery {
  /** Parsed, text cleaned. */
  body: unknown;
  /** The bytes as received, when the body had to be cleaned. */
  raw: Uint8Array | undefined;
  events: InboundEvent[];
}

/**
 * The receiver's core, in the order that keeps every accepted event: signature on the raw
 * bytes → parse → normalize → durable INSERT (payload + events, duplicates skipped by the
 * unique (account, dedupe key)) → enqueue each person's mailbox → only then the caller says 200.
 * Concurrent deliveries share the INSERT and the enqueue (group commit): under load one round
 * trip each serves many requests, and none is answered before its own events are committed.
 * Poison input fails no one else: text PostgreSQL cannot store is cleaned before it, a body past
 * the limits is set aside (stored as rejected, 200), and a batch the database refuses for its
 * data is retried delivery by delivery, the one refused alone being set aside in turn.
 */
export class WebhookIngest {
  private readonly writer: GroupCommit<Delivery, number>;

  constructor(
    private readonly deps: {
      db: Db;
      jobQueue: JobQueue;
      /** App secrets that may sign webhooks (Instagram app, Meta app, the sandbox's). */
      secrets: () => readonly string[];
      logger: Logger;
      metrics: Metrics;
    },
  ) {
    this.writer = new GroupCommit((batch) => this.storeAndEnqueue(batch), {
      maxBatch: 200,
      parallel: 2,
      isolate: isDataError,
    });
  }

  async receive(raw: Uint8Array, signature: string | undefined): Promise<IngestOutcome> {
    if (!verifyWebhookSignature(raw, signature, this.deps.secrets())) {
      this.deps.metrics.webhookSignatureFailures.inc({
        reason: signature ? "bad_signature" : "missing_signature",
      });
      return {
        kind: "rejected",
        reason: "bad_signature",
        message: "the X-Hub-Signature-256 header does not match",
      };
    }
    const screened = screenWebhookBody(raw);
    if (screened.kind === "malformed") {
      this.deps.metrics.webhookSignatureFailures.inc({ reason: "malformed" });
      return { kind: "rejected", reason: "malformed", message: "the body is not valid JSON" };
    }
    if (screened.kind === "unstorable") return this.setAside(raw, screened.reason);
    const { body } = screened;
    const { events, ignored } = normalizeWebhook(body);
    if (ignored.length > 0) {
      this.deps.logger.info(
        { ignored: ignored.slice(0, 10), count: ignored.length },
        "webhook.ignored-items",
      );
    }
    if (events.length === 0)
      return { kind: "ignored", reasons: ignored.map((i) => `${i.path}: ${i.reason}`) };

    let stored: number;
    try {
      stored = await this.writer.submit({ body, raw: screened.raw, events });
    } catch (err) {
      if (!isDataError(err)) throw err;
      return this.setAside(
        raw,
        `refused by the database: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (stored === 0) return { kind: "duplicate", events: events.length };
    return { kind: "accepted", stored, duplicates: events.length - stored, ignored: ignored.length };
  }

  /** Keeps a signed delivery that cannot be processed: its bytes and why, no events. */
  private async setAside(raw: Uint8Array, why: string): Promise<IngestOutcome> {
    const reason = storableReason(why);
    const [row] = await this.deps.db
      .insert(webhookPayloads)
      .values({ raw: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), rejected: reason })
      .returning({ id: webhookPayloads.id });
    this.deps.metrics.webhookSignatureFailures.inc({ reason: "set_aside" });
    return { kind: "set_aside", payloadId: row?.id ?? 0, reason };
  }

  /** A batch of deliveries: one INSERT, then one enqueue of every person in it. */
  private async storeAndEnqueue(batch: Delivery[]): Promise<number[]> {
    const stored = await this.store(batch);
    // Every person of the deliveries, new events or not: a redelivery after a failed enqueue
    // heals itself, and the mailbox deduplicates the job.
    const people = new Map<string, { igAccountId: string; personId: string }>();
    for (const { events } of batch)
      for (const e of events)
        people.set(`${e.igAccountId}\u0000${e.personId}`, {
          igAccountId: e.igAccountId,
          personId: e.personId,
        });
    await enqueuePersonMailboxes(this.deps.jobQueue, [...people.values()]);
    return stored;
  }

  /**
   * One statement for the whole batch: each delivery's payload row (ids drawn up front so its
   * events can point at it), then the events; returns how many events of each delivery were new.
   */
  private async store(batch: Delivery[]): Promise<number[]> {
    const input = batch.map(({ body, raw, events }) => ({
      body,
      raw: raw ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("base64") : null,
      events: events.map((e) => ({
        ig_account_id: e.igAccountId,
        person_id: e.personId,
        dedupe_key: e.dedupeKey,
        kind: e.kind,
        event: e,
      })),
    }));
    const result = await this.deps.db.execute<{ ord: string; n: number }>(sql`
      with input as (
        select d.ord, d.item, nextval('autodm.webhook_payloads_id_seq') as payload_id
        from jsonb_array_elements(${JSON.stringify(input)}::jsonb) with ordinality as d(item, ord)
      ), payload as (
        insert into autodm.webhook_payloads (id, body, raw)
        select payload_id, item->'body', decode(item->>'raw', 'base64') from input
        returning id
      ), inserted as (
        insert into autodm.inbound_events (ig_account_id, person_id, dedupe_key, kind, event, payload_id)
        select ev.e->>'ig_account_id', ev.e->>'person_id', ev.e->>'dedupe_key', ev.e->>'kind', ev.e->'event',
          input.payload_id
        from input, jsonb_array_elements(input.item->'events') with ordinality as ev(e, i)
        -- ids are processing order: deliveries in arrival order, events in delivery order
        order by input.ord, ev.i
        on conflict (ig_account_id, dedupe_key) do nothing
        returning payload_id
      )
      -- (payload runs although unread: data-modifying CTEs always run to completion)
      select input.ord, (select count(*)::int from inserted where inserted.payload_id = input.payload_id) as n
      from input
      order by input.ord`);
    return result.rows.map((r) => Number(r.n));
  }
}
