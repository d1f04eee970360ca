import { DataDeletionService } from "../../compliance/data-deletion-service.ts";
import type { JobHandlers } from "../job-queue.ts";
import type { WorkerDeps } from "./job-handlers.ts";

/** deletePersonData: a data-deletion request from Meta, done in one transaction (src/server/compliance). */
export function deletePersonDataHandler(deps: WorkerDeps): JobHandlers["deletePersonData"] {
  const service = new DataDeletionService({
    db: deps.database.db,
    jobQueue: deps.jobQueue,
    logger: deps.logger,
  });
  return async ({ confirmationCode }) => {
    await service.run(confirmationCode);
  };
}
