import { setTimeout as sleep } from "node:timers/promises";
import { count, eq } from "drizzle-orm";
import type { Db } from "../../db/database.ts";
import { demoEffects, demoExecutions } from "../../db/schema/index.ts";
import type { JobHandlers } from "../job-queue.ts";

/**
 * Records every execution, then the effect — once per key, whatever the retries or crashes
 * (the primary key makes a replay a no-op). It fails while the key has been executed at most
 * `failTimes` times, like an outside service that is down for a while and then recovers, so a
 * dead letter retried later succeeds.
 */
export function demoHandler(db: Db): JobHandlers["demo"] {
  return async (payload, ctx) => {
    await db.insert(demoExecutions).values({ key: payload.key, attempt: ctx.attempt, worker: ctx.workerId });
    if (payload.sleepMs > 0) await sleep(payload.sleepMs, undefined, { signal: ctx.signal });
    if (payload.failTimes > 0) {
      const [row] = await db
        .select({ n: count() })
        .from(demoExecutions)
        .where(eq(demoExecutions.key, payload.key));
      const executions = row?.n ?? 0;
      if (executions <= payload.failTimes) throw new Error(`demo failure ${executions}/${payload.failTimes}`);
    }
    await db
      .insert(demoEffects)
      .values({ key: payload.key, jobId: ctx.jobId, attempt: ctx.attempt })
      .onConflictDoNothing();
  };
}
