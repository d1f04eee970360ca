import { dmSendHandler as sendDm } from "../../dm/dm-send-job.ts";
import { SendPacer } from "../../messaging/send-pacer.ts";
import { Sender } from "../../messaging/sender.ts";
import type { JobHandlers } from "../job-queue.ts";
import type { WorkerDeps } from "./job-handlers.ts";

/** dmSend: a DM asked for through POST /api/dm/send (src/server/dm/dm-send-job.ts). */
export function dmSendHandler(deps: WorkerDeps): JobHandlers["dmSend"] {
  const db = deps.database.db;
  return sendDm({
    db,
    sender: new Sender({ db, logger: deps.logger }),
    graphs: deps.pipeline.graphs,
    pacer: new SendPacer(db),
    logger: deps.logger,
  });
}
