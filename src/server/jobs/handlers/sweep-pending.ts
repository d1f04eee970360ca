import { sweepPendingMailboxes } from "../../worker/person-mailbox.ts";
import type { JobHandlers } from "../job-queue.ts";
import type { WorkerDeps } from "./job-handlers.ts";

/** sweepPending: mailboxes with events left pending (a crash between store and enqueue). */
export function sweepPendingHandler(deps: WorkerDeps): JobHandlers["sweepPending"] {
  return async () => {
    await sweepPendingMailboxes({
      events: deps.pipeline.events,
      parked: deps.pipeline.parked,
      jobQueue: deps.jobQueue,
    });
  };
}
