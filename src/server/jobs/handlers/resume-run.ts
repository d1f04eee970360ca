import { resumeRun } from "../../worker/resume-run.ts";
import type { JobHandlers } from "../job-queue.ts";
import type { WorkerDeps } from "./job-handlers.ts";

/** resumeRun: a run suspended by a delay, a rate limit or a reconnect goes on. */
export function resumeRunHandler(deps: WorkerDeps): JobHandlers["resumeRun"] {
  const { runs, accounts, contacts, events } = deps.pipeline;
  return ({ runId }) => resumeRun({ runs, accounts, contacts, events, handler: deps.handler }, runId);
}
