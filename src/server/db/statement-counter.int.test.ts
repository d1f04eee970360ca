import { sql } from "drizzle-orm";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { createQueueBackend } from "../jobs/queue-backend.ts";
import { createLogger } from "../observability/logger.ts";
import { createDatabase, type Database } from "./database.ts";
import { runMigrations } from "./migrate.ts";
import { installStatementCounter, registerStatementMetric, statementCounts } from "./statement-counter.ts";

installStatementCounter();
installStatementCounter(); // twice on purpose: the second must not count each statement twice

/** How many statements `fn` sent from clients named `pool`. */
async function counted(pool: string, fn: () => Promise<unknown>): Promise<number> {
  const before = statementCounts()[pool] ?? 0;
  await fn();
  return (statementCounts()[pool] ?? 0) - before;
}

describe.each(availableBackends())("statement counter on %s", (backendName) => {
  let backend: TestBackend;
  let database: Database;
  const pool = `stmt-count-${backendName}`;
  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    database = createDatabase(backend.databaseUrl, { max: 3, applicationName: pool });
    // The queue's tables too (BullMQ's PostgreSQL backend checks its schema on first use).
    await runMigrations(database.pool, {
      logger: createLogger({ log: { level: "silent", format: "json" }, version: "test" }),
      queueSchema: "bullmq",
    });
  });
  afterAll(async () => {
    await database?.close();
    await backend?.dispose();
  });

  it("counts each pool query, drizzle query and transaction statement once", async () => {
    expect(await counted(pool, () => database.pool.query("select 1"))).toBe(1);
    expect(await counted(pool, () => database.db.execute(sql`select ${2}::int as two`))).toBe(1);
    // begin + two statements + commit, all on the transaction's own client.
    const inTransaction = await counted(pool, () =>
      database.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        await tx.execute(sql`select 2`);
      }),
    );
    expect(inTransaction).toBe(4);
    const client = await database.pool.connect();
    try {
      expect(
        await counted(pool, async () => {
          for (let i = 0; i < 5; i++) await client.query("select $1::int", [i]);
        }),
      ).toBe(5);
    } finally {
      client.release();
    }
  });

  it("exposes the counts as autodm_sql_statements_total{pool}", async () => {
    const registry = new Registry();
    registerStatementMetric(registry);
    await database.pool.query("select 1");
    const metric = await registry.getSingleMetric("autodm_sql_statements_total")?.get();
    const value = metric?.values.find((v) => v.labels.pool === pool)?.value;
    expect(value).toBe(statementCounts()[pool]);
    expect(value).toBeGreaterThan(0);
  });

  const onRedis = backendName === "postgres+redis";
  it(
    onRedis
      ? "counts no SQL for the queue when it runs on Redis"
      : "counts BullMQ's PostgreSQL backend under its pool",
    async () => {
      const queues = createQueueBackend({
        redisUrl: backend.redisUrl,
        databaseUrl: backend.databaseUrl,
        prefix: backend.queuePrefix,
        pgSchema: "bullmq",
        poolMax: 4,
        embedded: backendName === "pglite",
      });
      try {
        const before = statementCounts()["autodm-queue"] ?? 0;
        expect(await queues.ping()).toBe(true);
        const queued = (statementCounts()["autodm-queue"] ?? 0) - before;
        if (onRedis) expect(queued).toBe(0);
        else expect(queued).toBeGreaterThan(0);
      } finally {
        await queues.close();
      }
    },
  );
});
