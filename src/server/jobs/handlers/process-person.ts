import { processPersonMailbox } from "../../worker/person-mailbox.ts";
import type { JobHandlers } from "../job-queue.ts";
import type { WorkerDeps } from "./job-handlers.ts";

/** processPerson: one person's pending events, in order (src/server/worker/person-mailbox.ts). */
export function processPersonHandler(deps: WorkerDeps): JobHandlers["processPerson"] {
  return (person, ctx) =>
    processPersonMailbox(
      {
        events: deps.pipeline.events,
        parked: deps.pipeline.parked,
        handler: deps.handler,
        logger: deps.logger,
      },
      person,
      ctx,
    );
}
