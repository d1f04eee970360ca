import type { InboundEventsRepo } from "../ingest/inbound-events-repo.ts";
import { enqueuePersonMailbox, type Person } from "../ingest/mailbox-enqueue.ts";
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
  deps: { events: InboundEventsRepo; handler: EventHandler; logger: Logger },
  person: Person,
  ctx: JobContext,
): Promise<void> {
  for (;;) {
    if (ctx.signal.aborted) throw new Error("aborted by shutdown");
    const pending = await deps.events.pending(person, BATCH);
    if (pending.length === 0) return;
    for (const row of pending) {
      try {
        await deps.handler.handle(row);
        await deps.events.markProcessed(row.id);
      } catch (err) {
        const attempts = row.attempts + 1;
        const reason = err instanceof Error ? err.message : String(err);
        if (attempts < EVENT_ATTEMPTS) {
          await deps.events.markAttempt(row.id, attempts, reason);
          throw err;
        }
        deps.logger.error({ eventId: row.id, attempts, reason }, "event.failed");
        // Its activity row must not stay "pending" for ever (see EventHandler.giveUp).
        await deps.handler.giveUp(row, reason);
        await deps.events.markFailed(row.id, attempts, reason);
      }
    }
    // A short batch was all there was: an event stored since then enqueued another pass (the
    // mailbox job is kept while this one runs), so looking again would only find it early.
    if (pending.length < BATCH) return;
  }
}

/** Mailboxes with events left pending for a while (a crash between store and enqueue). */
export async function sweepPendingMailboxes(
  deps: { events: InboundEventsRepo; jobQueue: JobQueue },
  olderThanMs = 30_000,
) {
  const stale = await deps.events.stalePeople(new Date(Date.now() - olderThanMs));
  for (const person of stale) await enqueuePersonMailbox(deps.jobQueue, person);
  return stale.length;
}
