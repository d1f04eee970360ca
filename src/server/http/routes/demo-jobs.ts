import { count, countDistinct } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { DemoEffects, DemoEnqueued } from "../../../shared/api/demo.ts";
import type { Db } from "../../db/database.ts";
import { demoEffects, demoExecutions } from "../../db/schema/index.ts";
import type { JobQueue } from "../../jobs/job-queue.ts";
import type { AppEnv } from "../app-env.ts";
import { reply } from "../respond.ts";
import { validate } from "../validate.ts";

const EnqueueDemo = z.object({
  count: z.number().int().min(1).max(10_000),
  keyPrefix: z.string().regex(/^[\w.-]{1,60}$/),
  failTimes: z.number().int().min(0).max(100).default(0),
  sleepMs: z.number().int().min(0).max(60_000).default(0),
  delayMs: z.number().int().min(0).max(3_600_000).default(0),
});

/**
 * Operator tooling for proving the queue end to end (enabled by DEMO_JOBS_API=on only):
 * enqueue demo jobs through a web process, then read back what the workers recorded.
 */
export function demoJobRoutes(deps: { jobQueue: JobQueue; db: Db }) {
  return new Hono<AppEnv>()
    .post("/api/demo/jobs", validate("json", EnqueueDemo), async (c) => {
      const body = c.req.valid("json");
      const ids: string[] = [];
      for (let i = 0; i < body.count; i++) {
        const key = `${body.keyPrefix}-${i}`;
        const { id } = await deps.jobQueue.enqueue(
          "demo",
          { key, failTimes: body.failTimes, sleepMs: body.sleepMs },
          { jobId: key, delayMs: body.delayMs || undefined },
        );
        ids.push(id);
      }
      return reply(c, DemoEnqueued, { enqueued: ids.length }, 202);
    })
    .get("/api/demo/effects", async (c) => {
      const [effects] = await deps.db.select({ n: count() }).from(demoEffects);
      const [executions] = await deps.db
        .select({ n: count(), keys: countDistinct(demoExecutions.key) })
        .from(demoExecutions);
      return reply(c, DemoEffects, {
        effects: effects?.n ?? 0,
        executions: executions?.n ?? 0,
        executedKeys: executions?.keys ?? 0,
      });
    });
}
