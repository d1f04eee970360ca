import type { RunsRepo } from "../automations/runs-repo.ts";
import type { ContactsRepo } from "../conversations/contacts-repo.ts";
import type { InboundEventsRepo } from "../ingest/inbound-events-repo.ts";
import type { AccountsRepo } from "../instagram/accounts-repo.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import type { EventHandler } from "./event-handler.ts";

export interface ResumeDeps {
  runs: RunsRepo;
  accounts: AccountsRepo;
  contacts: ContactsRepo;
  events: InboundEventsRepo;
  handler: EventHandler;
}

/**
 * Continues a run suspended by a delay, a rate limit or a token to reconnect. A run whose
 * account is still not connected stays parked; reconnecting the account resumes it.
 */
export async function resumeRun(deps: ResumeDeps, runId: string): Promise<void> {
  const run = await deps.runs.get(runId);
  if (!run || run.status === "done" || run.status === "failed") return;
  const account = await deps.accounts.byId(run.accountId);
  if (account?.status !== "connected") return;
  const contact = await deps.contacts.byId(run.contactId);
  const row = await deps.events.get(run.eventId);
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
  deps: { runs: RunsRepo; jobQueue: JobQueue },
  accountId: string,
): Promise<number> {
  const parked = await deps.runs.unpark(accountId);
  for (const id of parked)
    await deps.jobQueue.enqueue(
      "resumeRun",
      { runId: id },
      { jobId: `resume-${id}-reconnect-${Date.now()}` },
    );
  return parked.length;
}
