import { sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import type { InboundEvent } from "../instagram/inbound-event.ts";
import { normalizeWebhook } from "../instagram/normalize-webhook.ts";
import { verifyWebhookSignature } from "../instagram/webhook-signature.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import type { Logger } from "../observability/logger.ts";
import type { Metrics } from "../observability/metrics.ts";
import { GroupCommit } from "./group-commit.ts";
import { enqueuePersonMailboxes } from "./mailbox-enqueue.ts";

export type IngestOutcome =
  | { kind: "accepted"; stored: number; duplicates: number; ignored: number }
  | { kind: "duplicate"; events: number }
  /** Well signed, but nothing we understand: acknowledged (Meta would retry a non-200) and logged. */
  | { kind: "ignored"; reasons: string[] }
  | { kind: "rejected"; reason: "bad_signature" | "malformed"; message: string };

/** One verified delivery on its way to the database. */
interface Delivery {
  body: unknown;
  events: InboundEvent[];
}

/**
 * The receiver's core, in the order that keeps every accepted event: signature on the raw
 * bytes → parse → normalize → durable INSERT (payload + events, duplicates skipped by the
 * unique (account, dedupe key)) → enqueue each person's mailbox → only then the caller says 200.
 * Concurrent deliveries share the INSERT and the enqueue (group commit): under load one round
 * trip each serves many requests, and none is answered before its own events are committed.
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
    this.writer = new GroupCommit((batch) => this.storeAndEnqueue(batch), { maxBatch: 200, parallel: 2 });
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
    let body: unknown;
    try {
      body = JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("utf8"));
    } catch {
      this.deps.metrics.webhookSignatureFailures.inc({ reason: "malformed" });
      return { kind: "rejected", reason: "malformed", message: "the body is not valid JSON" };
    }
    const { events, ignored } = normalizeWebhook(body);
    if (ignored.length > 0) {
      this.deps.logger.info(
        { ignored: ignored.slice(0, 10), count: ignored.length },
        "webhook.ignored-items",
      );
    }
    if (events.length === 0)
      return { kind: "ignored", reasons: ignored.map((i) => `${i.path}: ${i.reason}`) };

    const stored = await this.writer.submit({ body, events });
    if (stored === 0) return { kind: "duplicate", events: events.length };
    return { kind: "accepted", stored, duplicates: events.length - stored, ignored: ignored.length };
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
    const input = batch.map(({ body, events }) => ({
      body,
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
        insert into autodm.webhook_payloads (id, body)
        select payload_id, item->'body' from input
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
