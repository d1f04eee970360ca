import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { activity, automationRuns, inboundEvents } from "../db/schema/index.ts";
import { AppError } from "../errors.ts";
import { enqueuePersonMailbox } from "../ingest/mailbox-enqueue.ts";
import type { JobQueue } from "../jobs/job-queue.ts";

export type RetryOutcome = { retried: "event" | "dead_letter"; activityId: number };

const DEAD_LETTER_SCAN = 200;

/**
 * Retry from the activity log. A row can be retried when the work behind it was given up on
 * for transient reasons, not when Instagram refused for good (that would be sent again for
 * nothing):
 * - `failed` / `retries_exhausted`: the mailbox set the event aside after its last try
 *   (EventHandler.giveUp). The event goes back to pending with fresh tries, its run back to
 *   `running`, and the person's mailbox runs again: the handler continues the run where it
 *   stopped (sends are exactly-once, so nothing already sent goes out twice).
 * - `pending` with its job in the dead letters (a resume-run or the person's mailbox that
 *   exhausted its attempts): that dead letter is put back in line.
 * The row then says `pending` / `retrying` until the handler records the outcome.
 */
export async function retryActivity(
  deps: { db: Db; jobQueue: JobQueue },
  workspaceId: string,
  activityId: number,
): Promise<RetryOutcome> {
  const { db, jobQueue } = deps;
  const [row] = await db
    .select()
    .from(activity)
    .where(and(eq(activity.id, activityId), eq(activity.workspaceId, workspaceId)));
  if (!row) throw new AppError("not_found", `activity ${activityId} not found`);
  if (row.eventId === null) throw notRetryable("it has no stored event");
  const [event] = await db.select().from(inboundEvents).where(eq(inboundEvents.id, row.eventId));
  if (!event) throw notRetryable("its event was removed by retention");
  const [run] = await db
    .select()
    .from(automationRuns)
    .where(and(eq(automationRuns.eventId, row.eventId), eq(automationRuns.accountId, row.accountId)));

  if (row.status === "failed" && row.reason === "retries_exhausted") {
    // Claim the row first, so two clicks retry once.
    const claimed = await markRetrying(db, row.id, "failed");
    if (!claimed) throw notRetryable("it is already being retried");
    if (run && (run.status === "failed" || run.status === "running")) {
      await db
        .update(automationRuns)
        .set({ status: "running", updatedAt: sql`now()` })
        .where(eq(automationRuns.id, run.id));
    }
    await db
      .update(inboundEvents)
      .set({ status: "pending", attempts: 0, error: null, processedAt: null })
      .where(eq(inboundEvents.id, event.id));
    await enqueuePersonMailbox(jobQueue, { igAccountId: event.igAccountId, personId: event.personId });
    return { retried: "event", activityId: row.id };
  }

  if (row.status === "pending") {
    const dead = await findDeadLetter(jobQueue, run?.id, event);
    if (!dead) throw notRetryable("its work is still in progress (no dead letter holds it)");
    await jobQueue.retryDeadLetter(dead.job, dead.id);
    await markRetrying(db, row.id, "pending");
    return { retried: "dead_letter", activityId: row.id };
  }

  throw notRetryable(
    row.status === "failed"
      ? "Instagram refused the message for good; fix the cause and let the person write again"
      : `its status is ${row.status}`,
  );
}

function notRetryable(why: string) {
  return new AppError("conflict", `this activity cannot be retried: ${why}`);
}

async function markRetrying(db: Db, id: number, from: "failed" | "pending") {
  const rows = await db
    .update(activity)
    .set({ status: "pending", reason: "retrying", updatedAt: sql`now()` })
    .where(and(eq(activity.id, id), eq(activity.status, from)))
    .returning({ id: activity.id });
  return rows.length > 0;
}

async function findDeadLetter(
  jobQueue: JobQueue,
  runId: string | undefined,
  event: { igAccountId: string; personId: string },
): Promise<{ job: "resumeRun" | "processPerson"; id: string } | undefined> {
  if (runId) {
    const resumes = await jobQueue.listDeadLetters("resumeRun", { limit: DEAD_LETTER_SCAN });
    const hit = resumes.find((d) => (d.payload as { runId?: string }).runId === runId);
    if (hit) return { job: "resumeRun", id: hit.id };
  }
  const mailboxes = await jobQueue.listDeadLetters("processPerson", { limit: DEAD_LETTER_SCAN });
  const hit = mailboxes.find((d) => {
    const p = d.payload as { igAccountId?: string; personId?: string };
    return p.igAccountId === event.igAccountId && p.personId === event.personId;
  });
  return hit ? { job: "processPerson", id: hit.id } : undefined;
}
