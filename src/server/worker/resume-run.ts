import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { automationRuns, contacts, inboundEvents, instagramAccounts } from "../db/schema/index.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import type { EventHandler } from "./event-handler.ts";

/**
 * Continues a run suspended by a delay, a rate limit or a token to reconnect. A run whose
 * account is still not connected stays parked; reconnecting the account resumes it.
 */
export async function resumeRun(deps: { db: Db; handler: EventHandler }, runId: string): Promise<void> {
  const [run] = await deps.db.select().from(automationRuns).where(eq(automationRuns.id, runId));
  if (!run || run.status === "done" || run.status === "failed") return;
  const [account] = await deps.db
    .select()
    .from(instagramAccounts)
    .where(eq(instagramAccounts.id, run.accountId));
  if (account?.status !== "connected") return;
  const [contact] = await deps.db.select().from(contacts).where(eq(contacts.id, run.contactId));
  const [row] = await deps.db.select().from(inboundEvents).where(eq(inboundEvents.id, run.eventId));
  if (!contact || !row) return;
  const event = row.event;
  await deps.handler.continueRun(
    run,
    account,
    contact,
    event,
    {
      workspaceId: run.workspaceId,
      accountId: run.accountId,
      contactId: run.contactId,
      eventId: run.eventId,
      personId: event.personId,
      personUsername: contact.username,
      trigger: event.kind,
      incomingText: event.text ?? null,
    },
    new Date(),
  );
}

/** After a reconnect: every run parked on this account goes on (the runner re-checks the window). */
export async function resumeParkedRuns(
  deps: { db: Db; jobQueue: JobQueue },
  accountId: string,
): Promise<number> {
  const parked = await deps.db
    .update(automationRuns)
    .set({ status: "waiting", parkedReason: null, updatedAt: sql`now()` })
    .where(and(eq(automationRuns.accountId, accountId), eq(automationRuns.status, "parked")))
    .returning({ id: automationRuns.id });
  for (const { id } of parked)
    await deps.jobQueue.enqueue(
      "resumeRun",
      { runId: id },
      { jobId: `resume-${id}-reconnect-${Date.now()}` },
    );
  return parked.length;
}
