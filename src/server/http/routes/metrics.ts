import { timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { AppError } from "../../errors.ts";
import type { JobQueue } from "../../jobs/job-queue.ts";
import type { Metrics } from "../../observability/metrics.ts";
import type { AppEnv } from "../app-env.ts";

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Prometheus exposition. Protected by a bearer token when METRICS_TOKEN is set; without one it is
 * served only when the server listens on loopback (`tokenRequired` otherwise: always 401).
 */
export function metricsRoutes(deps: {
  metrics: Metrics;
  jobQueue: JobQueue;
  token: string | undefined;
  tokenRequired: boolean;
}) {
  return new Hono<AppEnv>().get("/metrics", async (c) => {
    if (!deps.token && deps.tokenRequired) {
      throw new AppError("unauthorized", "set METRICS_TOKEN to read /metrics when HOST is not loopback");
    }
    if (deps.token) {
      const given = c.req.header("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
      if (!sameSecret(given, deps.token))
        throw new AppError("unauthorized", "a valid metrics token is required");
    }
    try {
      const counts = await deps.jobQueue.counts();
      for (const [job, states] of Object.entries(counts)) {
        for (const [state, n] of Object.entries(states)) deps.metrics.queueDepth.set({ job, state }, n);
      }
    } catch (err) {
      c.get("logger").warn({ err }, "metrics.queue-counts-failed");
    }
    c.header("Content-Type", deps.metrics.registry.contentType);
    return c.body(await deps.metrics.registry.metrics());
  });
}
