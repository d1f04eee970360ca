import type { Config } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import type { MetaTargets } from "../../instagram/meta-endpoints.ts";
import type { Logger } from "../../observability/logger.ts";
import type { TokenVault } from "../../security/token-vault.ts";
import type { EventHandler } from "../../worker/event-handler.ts";
import type { Pipeline } from "../../worker/pipeline.ts";
import type { JobHandlers, JobQueue } from "../job-queue.ts";
import { deletePersonDataHandler } from "./delete-person-data.ts";
import { demoHandler } from "./demo.ts";
import { dmSendHandler } from "./dm-send.ts";
import { processPersonHandler } from "./process-person.ts";
import { pruneRetentionHandler } from "./prune-retention.ts";
import { refreshTokensHandler } from "./refresh-tokens.ts";
import { resumeRunHandler } from "./resume-run.ts";
import { sendInboxReplyHandler } from "./send-inbox-reply.ts";
import { sweepPendingHandler } from "./sweep-pending.ts";

/** What the worker role's handlers run on. */
export interface WorkerDeps {
  config: Config;
  logger: Logger;
  database: Database;
  jobQueue: JobQueue;
  vault: TokenVault;
  meta: MetaTargets;
  pipeline: Pipeline;
  handler: EventHandler;
}

/** Every job kind of the catalog with its handler (the type checker insists on each). */
export function jobHandlers(deps: WorkerDeps): JobHandlers {
  return {
    demo: demoHandler(deps.database.db),
    refreshTokens: refreshTokensHandler(deps),
    processPerson: processPersonHandler(deps),
    resumeRun: resumeRunHandler(deps),
    sendInboxReply: sendInboxReplyHandler(deps),
    dmSend: dmSendHandler(deps),
    deletePersonData: deletePersonDataHandler(deps),
    sweepPending: sweepPendingHandler(deps),
    pruneRetention: pruneRetentionHandler(deps),
  };
}
