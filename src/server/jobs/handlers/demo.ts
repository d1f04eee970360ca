import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../../db/database.ts";
import { demoEffects, demoExecutions } from "../../db/schema/index.ts";
import type { JobHandlers } from "../job-queue.ts";

/**
 * Records every execution, then the effect — once per key, whatever the retries or crashes
 * (the primary key makes a replay a no-op).
 */
export function demoHandler(db: Db): JobHandlers["demo"] {
  return async (payload, ctx) => {
    await db.insert(demoExecutions).values({ key: payload.key, attempt: ctx.attempt, worker: ctx.workerId });
    if (payload.sleepMs > 0) await sleep(payload.sleepMs, undefined, { signal: ctx.signal });
    if (ctx.attempt <= payload.failTimes) {
      throw new Error(`demo failure ${ctx.attempt}/${payload.failTimes}`);
    }
    await db
      .insert(demoEffects)
      .values({ key: payload.key, jobId: ctx.jobId, attempt: ctx.attempt })
      .onConflictDoNothing();
  };
}
