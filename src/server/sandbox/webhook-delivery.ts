import { sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { sandboxDeliveries } from "../db/schema/index.ts";
import type { Logger } from "../observability/logger.ts";
import { loadSettings } from "./settings.ts";
import { buildWebhookBody, type OutboxEvent, signBody, toMetaJson } from "./webhook-payload.ts";

const BATCH_MAX = 1000; // Meta batches up to 1000 updates per POST.
// A claimed batch is invisible to other processes this long: just above the delivery timeout,
// so a batch whose process died mid-delivery is sent again soon (as Meta retries promptly).
const LEASE_SECONDS = 15;
const TIMEOUT_MS = 10_000;

type ClaimedRow = {
  id: string;
  account_id: string;
  field: string;
  shape: "messaging" | "change";
  payload: Record<string, unknown>;
  event_time_ms: string;
  attempts: number;
};

/**
 * The webhook sender: polls the outbox, claims every due event atomically (so several
 * processes never deliver the same row), POSTs them as one signed batch, and reschedules
 * failures with exponential backoff until `webhookMaxAttempts`.
 */
export function createWebhookDelivery(deps: {
  db: Db;
  logger: Logger;
  webhookUrl: string;
  secret: string;
  intervalMs: number;
}) {
  const { db, logger } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let inFlight: Promise<void> | undefined;

  async function claim(): Promise<OutboxEvent[]> {
    const result = await db.execute<ClaimedRow>(sql`
      update autodm.sandbox_outbox
         set next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = attempts + 1
       where id in (
         select id from autodm.sandbox_outbox
          where status = 'pending' and next_attempt_at <= now()
          order by id limit ${BATCH_MAX}
          for update skip locked)
      returning id, account_id, field, shape, payload, event_time_ms, attempts`);
    return result.rows
      .map((r) => ({
        id: Number(r.id),
        accountId: r.account_id,
        field: r.field,
        shape: r.shape,
        payload: r.payload,
        eventTimeMs: Number(r.event_time_ms),
      }))
      .sort((a, b) => a.id - b.id);
  }

  /** Delivers one batch; returns how many events it carried. */
  async function deliverOnce(): Promise<number> {
    const events = await claim();
    if (events.length === 0) return 0;
    const { behaviour } = await loadSettings(db);
    const body = toMetaJson(buildWebhookBody(events, behaviour.commentShape));
    const ids = events.map((e) => e.id);
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(deps.webhookUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-hub-signature-256": signBody(body, deps.secret),
          "user-agent": "facebookexternalua",
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (status !== 200) error = `HTTP ${status}`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const durationMs = Math.round(performance.now() - started);
    await db.insert(sandboxDeliveries).values({ eventIds: ids, status, error, durationMs, body });
    const idList = sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    );
    if (status === 200) {
      await db.execute(sql`
        update autodm.sandbox_outbox set status = 'delivered', delivered_at = now(), last_status = 200, last_error = null
         where id in (${idList})`);
      logger.debug({ events: ids.length, durationMs }, "sandbox.webhook.delivered");
    } else {
      const { webhookMaxAttempts: max, webhookBaseBackoffMs: base, webhookMaxBackoffMs: cap } = behaviour;
      await db.execute(sql`
        update autodm.sandbox_outbox
           set last_status = ${status}, last_error = ${error},
               status = case when attempts >= ${max} then 'failed' else 'pending' end,
               next_attempt_at = now() + make_interval(secs => least(${base}::float8 * power(2, attempts - 1), ${cap}::float8) / 1000.0)
         where id in (${idList})`);
      logger.warn({ events: ids.length, status, error }, "sandbox.webhook.failed");
    }
    return events.length;
  }

  async function tick() {
    try {
      // Drain: keep going while full batches come back.
      while (running && (await deliverOnce()) === BATCH_MAX) {}
    } catch (err) {
      logger.error({ err }, "sandbox.webhook.loop-error");
    }
  }

  function schedule() {
    if (!running) return;
    timer = setTimeout(() => {
      inFlight = tick().finally(() => {
        inFlight = undefined;
        schedule();
      });
    }, deps.intervalMs);
  }

  return {
    deliverOnce,
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
