import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { registerStatementMetric } from "../db/statement-counter.ts";

/**
 * One registry per runtime (not prom-client's global), so several runtimes in one test process
 * do not collide. Names follow Prometheus conventions; labels stay low-cardinality (route
 * patterns, never raw paths).
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "autodm_" });
  return {
    registry,
    httpRequests: new Counter({
      name: "autodm_http_requests_total",
      help: "HTTP requests by route pattern, method and status",
      labelNames: ["route", "method", "status"] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "autodm_http_request_duration_seconds",
      help: "HTTP request duration by route pattern",
      labelNames: ["route", "method"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    jobsProcessed: new Counter({
      name: "autodm_jobs_total",
      help: "Jobs finished, by job name and outcome (completed, retried, dead)",
      labelNames: ["job", "outcome"] as const,
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: "autodm_job_duration_seconds",
      help: "Job handler duration by job name",
      labelNames: ["job"] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: "autodm_queue_jobs",
      help: "Jobs in each queue by state, read at scrape time",
      labelNames: ["job", "state"] as const,
      registers: [registry],
    }),
    webhookSignatureFailures: new Counter({
      name: "autodm_webhook_rejected_total",
      help: "Webhook deliveries refused (bad signature, malformed) or stored as rejected (set_aside), by reason",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    sqlStatements: registerStatementMetric(registry),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
