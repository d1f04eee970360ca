import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  availableBackends,
  freePort,
  provisionBackend,
  type TestBackend,
} from "../../../test/support/backends.ts";
import { type Api, authenticate } from "../../../test/support/burst.ts";
import { testConfig } from "../../../test/support/test-config.ts";
import { waitFor } from "../../../test/support/wait-for.ts";
import { createOpsApp } from "../app.ts";
import { createDatabase } from "../db/database.ts";
import { JobQueue } from "../jobs/job-queue.ts";
import { createQueueBackend } from "../jobs/queue-backend.ts";
import { createLogger } from "../observability/logger.ts";
import { createMetrics } from "../observability/metrics.ts";
import { type Runtime, startRuntime } from "../runtime.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });

describe.each(availableBackends())("web role on %s", (backendName) => {
  let backend: TestBackend;
  let runtime: Runtime;
  let base: string;
  let api: Api;

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    const port = await freePort();
    runtime = await startRuntime(
      testConfig(backend, {
        PORT: String(port),
        APP_URL: `http://127.0.0.1:${port}`,
        METRICS_TOKEN: "a-long-metrics-token",
        DEMO_JOBS_API: "on",
      }),
      ["web", "worker"],
      logger,
    );
    base = runtime.url as string;
    api = await authenticate(base);
  });
  afterAll(async () => {
    await runtime?.stop();
    await backend?.dispose();
  });

  it("reports health with the database, the queue and the version", async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({
      status: "ok",
      db: "up",
      queue: "up",
      queueBackend: backendName === "postgres+redis" ? "redis" : "postgres",
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });

  it("gives every request an id, echoing a well-formed one from the caller", async () => {
    const generated = await fetch(`${base}/health`);
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await fetch(`${base}/health`, { headers: { "x-request-id": "lb-1234.abc" } });
    expect(echoed.headers.get("x-request-id")).toBe("lb-1234.abc");
    const replaced = await fetch(`${base}/health`, { headers: { "x-request-id": "bad id\twith spaces" } });
    expect(replaced.headers.get("x-request-id")).not.toBe("bad id\twith spaces");
  });

  it("answers unknown API routes with the JSON error shape", async () => {
    const res = await fetch(`${base}/api/does-not-exist`, { headers: api.headers });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "no such API route" } });
  });

  it("validates bodies with a clear 400", async () => {
    const res = await fetch(`${base}/api/demo/jobs`, {
      method: "POST",
      headers: { ...api.headers, "content-type": "application/json" },
      body: JSON.stringify({ count: 0, keyPrefix: "x" }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.message).toMatch(/^count: /);
  });

  it("serves Prometheus metrics behind the metrics token, with routes, jobs and queue depth", async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${base}/metrics`, { headers: { authorization: "Bearer wrong-token-of-same-len" } }))
        .status,
    ).toBe(401);

    await api.json("POST", "/api/demo/jobs", { count: 3, keyPrefix: "metrics" });
    const { effects } = await waitFor(
      "3 effects",
      async () => {
        const e = await api.json<{ effects: number }>("GET", "/api/demo/effects");
        return e.effects >= 3 && e;
      },
      { timeoutMs: 15_000 },
    );
    expect(effects).toBe(3);

    // The effects are written before BullMQ marks the jobs completed: scrape until it has.
    const scrape = () =>
      fetch(`${base}/metrics`, { headers: { authorization: "Bearer a-long-metrics-token" } });
    let res = await scrape();
    let text = await res.text();
    for (let i = 0; i < 100 && !/autodm_queue_jobs\{job="demo",state="completed"\} 3/.test(text); i++) {
      await new Promise((r) => setTimeout(r, 50));
      res = await scrape();
      text = await res.text();
    }
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    expect(text).toMatch(/autodm_http_requests_total\{route="\/health",method="GET",status="200"\} \d+/);
    expect(text).toMatch(/autodm_http_requests_total\{route="\/api\/\*",method="GET",status="404"\} 1/);
    expect(text).toMatch(/autodm_jobs_total\{job="demo",outcome="completed"\} 3/);
    expect(text).toMatch(/autodm_job_duration_seconds_count\{job="demo"\} 3/);
    expect(text).toMatch(/autodm_queue_jobs\{job="demo",state="completed"\} 3/);
    expect(text).toMatch(/autodm_queue_jobs\{job="demo",state="waiting"\} 0/);
  });

  it("closes /metrics without METRICS_TOKEN when HOST is not loopback", async () => {
    const port = await freePort();
    const open = await startRuntime(
      testConfig(backend, { HOST: "0.0.0.0", PORT: String(port), MIGRATE_ON_BOOT: "false" }),
      ["web"],
      logger,
    );
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: {
          code: "unauthorized",
          message: "set METRICS_TOKEN to read /metrics when HOST is not loopback",
        },
      });
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    } finally {
      await open.stop();
    }
  });

  it("serves the dashboard shell at / and for client-side routes", async () => {
    for (const path of ["/", "/automations/new"]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("<title>autodm");
      expect(html).toMatch(/<script type="module"[^>]+src="\/assets\/index-[\w-]+\.js"/);
    }
    const asset = (await (await fetch(`${base}/`)).text()).match(/src="(\/assets\/[^"]+)"/)?.[1];
    const js = await fetch(`${base}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect((await fetch(`${base}/docs/README.md`)).headers.get("content-type")).toMatch(/markdown/);
  });

  it("closes the connection after a 413, so the next request on a keep-alive agent succeeds", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: string) =>
      new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const req = http.request(`${base}${path}`, {
          method,
          agent,
          headers: body
            ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) }
            : {},
        });
        req.on("response", (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
        });
        req.on("error", reject);
        req.end(body);
      });
    try {
      for (let i = 0; i < 3; i++) {
        const tooBig = await send("POST", "/webhooks/instagram", `{"x":"${"a".repeat(1_100_000)}"}`);
        expect(tooBig).toEqual({ status: 413, connection: "close" });
        expect(await send("GET", "/health")).toMatchObject({ status: 200, connection: "keep-alive" });
      }
    } finally {
      agent.destroy();
    }
  });
});

describe("health when a dependency is down", () => {
  it("answers 503 and names what is down", async () => {
    const metrics = createMetrics();
    // Real clients pointed at ports where nothing listens: no fakes, just an outage.
    const database = createDatabase("postgresql://postgres@127.0.0.1:1/none", {
      max: 1,
      applicationName: "t",
    });
    const backend = createQueueBackend({
      redisUrl: "redis://127.0.0.1:1",
      databaseUrl: "postgresql://postgres@127.0.0.1:1/none",
      prefix: "t",
      pgSchema: "bullmq",
      poolMax: 1,
    });
    const jobQueue = new JobQueue(backend, { logger, metrics, concurrency: 1, lockMs: 2_000 });
    const config = testConfig({
      name: "postgres",
      databaseUrl: "postgresql://postgres@127.0.0.1:1/none",
      redisUrl: undefined,
      queuePrefix: "t",
      dataDir: undefined,
      env: () => ({}),
      dispose: async () => {},
    });
    const app = createOpsApp({
      config,
      logger,
      metrics,
      database,
      jobQueue,
      queuePing: () => backend.ping(300),
    });
    try {
      const res = await app.request("/health");
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: "unavailable", db: "down", queue: "down" });
    } finally {
      await jobQueue.close(0);
      await database.close();
    }
  });
});
