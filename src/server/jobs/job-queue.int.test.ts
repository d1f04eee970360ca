import { setTimeout as sleep } from "node:timers/promises";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { testConfig } from "../../../test/support/test-config.ts";
import { waitFor } from "../../../test/support/wait-for.ts";
import { demoEffects, demoExecutions } from "../db/schema/index.ts";
import { createLogger } from "../observability/logger.ts";
import { type Runtime, startRuntime } from "../runtime.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });

const until = <T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000) =>
  waitFor(what, probe, { timeoutMs });

describe.each(availableBackends())("job queue on %s", (backendName) => {
  let backend: TestBackend;
  let runtime: Runtime;

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    runtime = await startRuntime(testConfig(backend), ["worker"], logger);
  });
  afterAll(async () => {
    await runtime?.stop();
    await backend?.dispose();
  });

  const executions = (key: string) =>
    runtime.database.db
      .select()
      .from(demoExecutions)
      .where(eq(demoExecutions.key, key))
      .orderBy(asc(demoExecutions.id));
  const effect = async (key: string) =>
    (await runtime.database.db.select().from(demoEffects).where(eq(demoEffects.key, key)))[0];

  it("runs a job and records its effect once", async () => {
    await runtime.jobQueue.enqueue("demo", { key: "simple", failTimes: 0, sleepMs: 0 });
    const done = await until("effect", () => effect("simple"));
    expect(done.attempt).toBe(1);
    expect(await executions("simple")).toHaveLength(1);
  });

  it("refuses an invalid payload at enqueue with a clear error", async () => {
    await expect(
      runtime.jobQueue.enqueue("demo", { key: "", failTimes: 0, sleepMs: 0 }),
    ).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("retries with exponential backoff, then succeeds", async () => {
    await runtime.jobQueue.enqueue("demo", { key: "flaky", failTimes: 2, sleepMs: 0 });
    const done = await until("effect", () => effect("flaky"));
    expect(done.attempt).toBe(3);
    const runs = await executions("flaky");
    expect(runs.map((r) => r.attempt)).toEqual([1, 2, 3]);
    // backoffMs 200, exponential: the first retry waits ≥ 200 ms, the second ≥ 400 ms.
    // (Upper bounds would only measure how busy the machine is.)
    const [a, b, c] = runs.map((r) => r.startedAt.getTime()) as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(190);
    expect(c - b).toBeGreaterThanOrEqual(390);
  });

  it("dead-letters a job after its last attempt; a retried dead letter runs again", async () => {
    const { id } = await runtime.jobQueue.enqueue("demo", { key: "doomed", failTimes: 4, sleepMs: 0 });
    const dead = await until("dead letter", async () =>
      (await runtime.jobQueue.listDeadLetters("demo")).find((d) => d.id === id),
    );
    expect(dead).toMatchObject({ job: "demo", attemptsMade: 4, failedReason: "demo failure 4/4" });
    expect(dead.payload).toMatchObject({ key: "doomed" });
    expect(await executions("doomed")).toHaveLength(4);
    expect(await effect("doomed")).toBeUndefined();

    await runtime.jobQueue.retryDeadLetter("demo", id);
    const done = await until("effect after retry", () => effect("doomed"));
    expect(done.attempt).toBe(1); // a fresh set of attempts
    expect(await executions("doomed")).toHaveLength(5);
    expect((await runtime.jobQueue.listDeadLetters("demo")).find((d) => d.id === id)).toBeUndefined();
  });

  it("answers not_found when retrying something that is not a dead letter", async () => {
    await expect(runtime.jobQueue.retryDeadLetter("demo", "no-such-job")).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("runs a delayed job no earlier than its delay", async () => {
    const enqueuedAt = Date.now();
    await runtime.jobQueue.enqueue("demo", { key: "later", failTimes: 0, sleepMs: 0 }, { delayMs: 700 });
    await sleep(300);
    expect(await executions("later")).toHaveLength(0);
    const done = await until("delayed effect", () => effect("later"));
    const [run] = await executions("later");
    expect(run?.startedAt.getTime()).toBeGreaterThanOrEqual(enqueuedAt + 690);
    expect(done.createdAt.getTime() - enqueuedAt).toBeLessThan(5_000);
  });

  it("does not add a job twice under the same job id", async () => {
    await runtime.jobQueue.enqueue("demo", { key: "idem", failTimes: 0, sleepMs: 200 }, { jobId: "idem" });
    await runtime.jobQueue.enqueue("demo", { key: "idem", failTimes: 0, sleepMs: 200 }, { jobId: "idem" });
    await until("effect", () => effect("idem"));
    await sleep(300);
    expect(await executions("idem")).toHaveLength(1);
  });

  it("counts jobs per state for metrics", async () => {
    const counts = await runtime.jobQueue.counts();
    expect(counts.demo?.failed).toBeGreaterThanOrEqual(0);
    expect(counts.demo?.completed).toBeGreaterThanOrEqual(4);
  });
});

describe.each(availableBackends())("graceful shutdown on %s", (backendName) => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await provisionBackend(backendName);
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  it("drains an in-flight job before stopping", async () => {
    const runtime = await startRuntime(testConfig(backend), ["worker"], logger);
    await runtime.jobQueue.enqueue("demo", { key: "drain", failTimes: 0, sleepMs: 1_000 });
    await until(
      "job started",
      async () =>
        (await runtime.database.db.select().from(demoExecutions).where(eq(demoExecutions.key, "drain")))
          .length > 0,
    );
    const db = runtime.database; // read after stop through a fresh runtime
    await runtime.stop();
    const after = await startRuntime(testConfig(backend), [], logger);
    try {
      const rows = await after.database.db.select().from(demoEffects).where(eq(demoEffects.key, "drain"));
      expect(rows).toHaveLength(1);
      expect(db).toBeDefined();
    } finally {
      await after.stop();
    }
  });

  it("loses no job when the drain times out: the next worker picks it up", async () => {
    const first = await startRuntime(testConfig(backend, { SHUTDOWN_TIMEOUT_MS: "100" }), ["worker"], logger);
    await first.jobQueue.enqueue("demo", { key: "cut", failTimes: 0, sleepMs: 3_000 });
    await until(
      "job started",
      async () =>
        (await first.database.db.select().from(demoExecutions).where(eq(demoExecutions.key, "cut"))).length >
        0,
    );
    await first.stop(); // forced: the job is still "active" with its lock
    const second = await startRuntime(testConfig(backend), ["worker"], logger);
    try {
      const done = await until(
        "effect recorded by the next worker",
        async () =>
          (await second.database.db.select().from(demoEffects).where(eq(demoEffects.key, "cut")))[0],
        30_000,
      );
      expect(done.key).toBe("cut");
      const runs = await second.database.db
        .select()
        .from(demoExecutions)
        .where(eq(demoExecutions.key, "cut"));
      expect(runs.length).toBeGreaterThanOrEqual(2); // interrupted once, then completed
      expect(new Set(runs.map((r) => r.worker)).size).toBe(2);
    } finally {
      await second.stop();
    }
  });
});
