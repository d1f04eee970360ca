import { Hono } from "hono";
import { HealthResponse } from "../../../shared/api/health.ts";
import type { Database } from "../../db/database.ts";
import type { JobQueue } from "../../jobs/job-queue.ts";
import type { AppEnv } from "../app-env.ts";
import { reply } from "../respond.ts";

export function healthRoutes(deps: {
  database: Database;
  queuePing: () => Promise<boolean>;
  jobQueue: JobQueue;
  version: string;
}) {
  return new Hono<AppEnv>().get("/health", async (c) => {
    const [db, queue] = await Promise.all([deps.database.ping(), deps.queuePing()]);
    const body: HealthResponse = {
      status: db && queue ? "ok" : "unavailable",
      db: db ? "up" : "down",
      queue: queue ? "up" : "down",
      queueBackend: deps.jobQueue.backendKind,
      version: deps.version,
    };
    c.header("Cache-Control", "no-store");
    return reply(c, HealthResponse, body, body.status === "ok" ? 200 : 503);
  });
}
