import type { InboundEventsRepo } from "../ingest/inbound-events-repo.ts";
import { enqueuePersonMailbox, enqueuePersonMailboxes, type Person } from "../ingest/mailbox-enqueue.ts";
import type { JobContext } from "../jobs/job.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import type { Logger } from "../observability/logger.ts";
import type { EventHandler } from "./event-handler.ts";
import type { ParkedEventsRepo } from "./parked-events-repo.ts";

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
  deps: { events: InboundEventsRepo; parked: ParkedEventsRepo; handler: EventHandler; logger: Logger },
  person: Person,
  ctx: JobContext,
): Promise<void> {
  await replayParkedEvents(deps, person, ctx);
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

/**
 * Events parked while their account was not connected, and connected again since: replayed
 * before any newer event of the person, oldest first, so the person's order holds. The same
 * rules as events: a transient failure retries the job (order kept), a poisoned one is given up.
 */
async function replayParkedEvents(
  deps: { parked: ParkedEventsRepo; handler: EventHandler; logger: Logger },
  person: Person,
  ctx: JobContext,
) {
  for (;;) {
    if (ctx.signal.aborted) throw new Error("aborted by shutdown");
    const ready = await deps.parked.ready(person, BATCH);
    for (const item of ready) {
      try {
        await deps.handler.replayParked(item);
      } catch (err) {
        const attempts = item.parked.attempts + 1;
        const reason = err instanceof Error ? err.message : String(err);
        if (attempts < EVENT_ATTEMPTS) {
          await deps.parked.markAttempt(item.parked, attempts);
          throw err;
        }
        deps.logger.error({ eventId: item.row.id, attempts, reason }, "event.parked-replay-failed");
        await deps.handler.giveUpParked(item, reason);
      }
      await deps.parked.remove(item.parked);
    }
    if (ready.length < BATCH) return;
  }
}

/**
 * Mailboxes with events left pending for a while (a crash between store and enqueue), and with
 * parked events whose account is connected again (a reconnect whose enqueue was lost).
 */
export async function sweepPendingMailboxes(
  deps: { events: InboundEventsRepo; parked: ParkedEventsRepo; jobQueue: JobQueue },
  olderThanMs = 30_000,
) {
  const stale = await deps.events.stalePeople(new Date(Date.now() - olderThanMs));
  const parked = await deps.parked.readyPeople();
  const people = new Map([...stale, ...parked].map((p) => [`${p.igAccountId}:${p.personId}`, p]));
  for (const person of people.values()) await enqueuePersonMailbox(deps.jobQueue, person);
  return people.size;
}

/** After a reconnect: the mailboxes holding events parked on this account replay them. */
export async function replayParkedMailboxes(
  deps: { parked: ParkedEventsRepo; jobQueue: JobQueue },
  accountId: string,
): Promise<number> {
  const people = await deps.parked.peopleOf(accountId);
  if (people.length > 0) await enqueuePersonMailboxes(deps.jobQueue, people);
  return people.length;
}
