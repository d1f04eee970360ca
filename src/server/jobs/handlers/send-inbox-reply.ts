import type { JobHandlers } from "../job-queue.ts";
import type { WorkerDeps } from "./job-handlers.ts";

/** sendInboxReply: a member's reply from the inbox, sent once (src/server/conversations/inbox-reply-job.ts). */
export function sendInboxReplyHandler(deps: WorkerDeps): JobHandlers["sendInboxReply"] {
  return ({ messageId }) => deps.pipeline.sendInboxReply(messageId);
}
