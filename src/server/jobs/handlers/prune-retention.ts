import { pruneOldRecords } from "../../activity/retention.ts";
import type { JobHandlers } from "../job-queue.ts";
import type { WorkerDeps } from "./job-handlers.ts";

/** pruneRetention: raw payloads and activity past RETENTION_DAYS. */
export function pruneRetentionHandler(deps: WorkerDeps): JobHandlers["pruneRetention"] {
  return async () => {
    const pruned = await pruneOldRecords(deps.pipeline, deps.config.pipeline.retentionDays);
    deps.logger.info(pruned, "retention.pruned");
  };
}
