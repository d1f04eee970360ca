import { sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import type { InboundEvent } from "../instagram/inbound-event.ts";
import { normalizeWebhook } from "../instagram/normalize-webhook.ts";
import { verifyWebhookSignature } from "../instagram/webhook-signature.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import type { Logger } from "../observability/logger.ts";
import type { Metrics } from "../observability/metrics.ts";
import { enqueuePersonMailbox } from "./person-mailbox.ts";

export type IngestOutcome =
  | { kind: "accepted"; stored: number; duplicates: number; ignored: number }
  | { kind: "duplicate"; events: number }
  /** Well signed, but nothing we understand: acknowledged (Meta would retry a non-200) and logged. */
  | { kind: "ignored"; reasons: string[] }
  | { kind: "rejected"; reason: "bad_signature" | "malformed"; message: string };

/**
 * The receiver's core, in the order that keeps every accepted event: signature on the raw
 * bytes → parse → normalize → one durable INSERT (payload + events, duplicates skipped by the
 * unique (account, dedupe key)) → enqueue each person's mailbox → only then the caller says 200.
 */
export class WebhookIngest {
  constructor(
    private readonly deps: {
      db: Db;
      jobQueue: JobQueue;
      /** App secrets that may sign webhooks (Instagram app, Meta app, the sandbox's). */
      secrets: () => readonly string[];
      logger: Logger;
      metrics: Metrics;
    },
  ) {}

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

    const stored = await this.store(body, events);
    // Every person of the delivery, new events or not: a redelivery after a failed enqueue
    // heals itself, and the mailbox deduplicates the job.
    const people = new Map<string, { igAccountId: string; personId: string }>();
    for (const e of events)
      people.set(`${e.igAccountId}\u0000${e.personId}`, { igAccountId: e.igAccountId, personId: e.personId });
    await Promise.all([...people.values()].map((p) => enqueuePersonMailbox(this.deps.jobQueue, p)));

    if (stored === 0) return { kind: "duplicate", events: events.length };
    return { kind: "accepted", stored, duplicates: events.length - stored, ignored: ignored.length };
  }

  /** One statement: the payload, then its events; returns how many events were new. */
  private async store(body: unknown, events: InboundEvent[]): Promise<number> {
    const rows = events.map((e) => ({
      ig_account_id: e.igAccountId,
      person_id: e.personId,
      dedupe_key: e.dedupeKey,
      kind: e.kind,
      event: e,
    }));
    const result = await this.deps.db.execute<{ n: number }>(sql`
      with payload as (
        insert into autodm.webhook_payloads (body) values (${JSON.stringify(body)}::jsonb) returning id
      ), inserted as (
        insert into autodm.inbound_events (ig_account_id, person_id, dedupe_key, kind, event, payload_id)
        select r.ig_account_id, r.person_id, r.dedupe_key, r.kind, r.event, payload.id
        from payload, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as r(ig_account_id text, person_id text, dedupe_key text, kind text, event jsonb)
        on conflict (ig_account_id, dedupe_key) do nothing
        returning 1
      )
      select count(*)::int as n from inserted`);
    return Number(result.rows[0]?.n ?? 0);
  }
}
