import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { inboundEvents } from "../db/schema/index.ts";
import { enqueuePersonMailbox } from "../ingest/mailbox-enqueue.ts";
import type { JobContext } from "../jobs/job.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import type { Logger } from "../observability/logger.ts";
import type { EventHandler } from "./event-handler.ts";

const BATCH = 25;
/** Tries per event before it is set aside as failed, so one poisoned event cannot block a person. */
const EVENT_ATTEMPTS = 5;

/**
 * One person's pending events, in arrival order (their ids), one at a time. The job is
 * exclusive per person (see enqueuePersonMailbox), so two workers never interleave one
 * person's events; different people run in parallel. A transient failure stops the pass and
 * retries the job (order kept); an event that keeps failing is set aside after a few tries.
 */
export async function processPersonMailbox(
  deps: { db: Db; handler: EventHandler; logger: Logger },
  person: { igAccountId: string; personId: string },
  ctx: JobContext,
): Promise<void> {
  for (;;) {
    if (ctx.signal.aborted) throw new Error("aborted by shutdown");
    const pending = await deps.db
      .select()
      .from(inboundEvents)
      .where(
        and(
          eq(inboundEvents.igAccountId, person.igAccountId),
          eq(inboundEvents.personId, person.personId),
          eq(inboundEvents.status, "pending"),
        ),
      )
      .orderBy(asc(inboundEvents.id))
      .limit(BATCH);
    if (pending.length === 0) return;
    for (const row of pending) {
      try {
        await deps.handler.handle(row);
        await deps.db
          .update(inboundEvents)
          .set({ status: "processed", processedAt: sql`now()`, attempts: sql`${inboundEvents.attempts} + 1` })
          .where(eq(inboundEvents.id, row.id));
      } catch (err) {
        const attempts = row.attempts + 1;
        const reason = err instanceof Error ? err.message : String(err);
        if (attempts < EVENT_ATTEMPTS) {
          await deps.db
            .update(inboundEvents)
            .set({ attempts, error: reason })
            .where(eq(inboundEvents.id, row.id));
          throw err;
        }
        deps.logger.error({ eventId: row.id, attempts, reason }, "event.failed");
        // Its activity row must not stay "pending" for ever (see EventHandler.giveUp).
        await deps.handler.giveUp(row, reason);
        await deps.db
          .update(inboundEvents)
          .set({ status: "failed", attempts, error: reason, processedAt: sql`now()` })
          .where(eq(inboundEvents.id, row.id));
      }
    }
    // A short batch was all there was: an event stored since then enqueued another pass (the
    // mailbox job is kept while this one runs), so looking again would only find it early.
    if (pending.length < BATCH) return;
  }
}

/** Mailboxes with events left pending for a while (a crash between store and enqueue). */
export async function sweepPendingMailboxes(deps: { db: Db; jobQueue: JobQueue }, olderThanMs = 30_000) {
  const stale = await deps.db
    .selectDistinct({ igAccountId: inboundEvents.igAccountId, personId: inboundEvents.personId })
    .from(inboundEvents)
    .where(
      and(
        eq(inboundEvents.status, "pending"),
        lt(inboundEvents.receivedAt, new Date(Date.now() - olderThanMs)),
      ),
    )
    .limit(1000);
  for (const person of stale) await enqueuePersonMailbox(deps.jobQueue, person);
  return stale.length;
}
