import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { inject } from "vitest";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "../../src/server/db/embedded-postgres.ts";
import { createLogger } from "../../src/server/observability/logger.ts";
import { TEST_AUTH_SECRET, TEST_TOKEN_KEY } from "./test-config.ts";

/**
 * The backends every integration test runs on: embedded PGlite always; real PostgreSQL (queue
 * in Postgres) and PostgreSQL + Redis when TEST_DATABASE_URL / TEST_REDIS_URL are set. Each
 * provisioned backend is private to its caller: its own PGlite folder, or its own database and
 * Redis key prefix, so test files run in parallel safely.
 */
export type BackendName = "pglite" | "postgres" | "postgres+redis";

export interface TestBackend {
  readonly name: BackendName;
  readonly databaseUrl: string;
  readonly redisUrl: string | undefined;
  readonly queuePrefix: string;
  /** For pglite: the data folder (the owning process must be this one). */
  readonly dataDir: string | undefined;
  /** Environment for a child `autodm` process using this backend (not for pglite). */
  env(): Record<string, string>;
  dispose(): Promise<void>;
}

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
const TEST_REDIS_URL = process.env.TEST_REDIS_URL;

export function availableBackends(): BackendName[] {
  const names: BackendName[] = ["pglite"];
  if (TEST_DATABASE_URL) names.push("postgres");
  if (TEST_DATABASE_URL && TEST_REDIS_URL) names.push("postgres+redis");
  return names;
}

export const realServices = { databaseUrl: TEST_DATABASE_URL, redisUrl: TEST_REDIS_URL };

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
}

const silent = createLogger({ log: { level: "silent", format: "json" }, version: "test" });

/** A fresh PGlite folder copied from the run's initialized template (no initdb per file). */
export function freshPgliteDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autodm-test-"));
  fs.cpSync(inject("pgliteTemplate"), path.join(dir, "pg"), { recursive: true });
  return dir;
}

export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!TEST_DATABASE_URL) throw new Error("TEST_DATABASE_URL is not set");
  const name = uniqueName("autodm_t");
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function deleteRedisPrefix(prefix: string) {
  if (!TEST_REDIS_URL) return;
  const redis = new Redis(TEST_REDIS_URL);
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== "0");
  await redis.quit();
}

export async function provisionBackend(name: BackendName, queueSchema = "bullmq"): Promise<TestBackend> {
  const queuePrefix = uniqueName("t").replace(/_/g, "-");
  if (name === "pglite") {
    const dataDir = freshPgliteDir();
    const embedded: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir, queueSchema, logger: silent });
    return {
      name,
      databaseUrl: embedded.url,
      redisUrl: undefined,
      queuePrefix,
      dataDir,
      env: () => {
        throw new Error("an embedded database belongs to one process; spawn with DATA_DIR instead");
      },
      async dispose() {
        await embedded.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const db = await createTestDatabase();
  const redisUrl = name === "postgres+redis" ? TEST_REDIS_URL : undefined;
  return {
    name,
    databaseUrl: db.url,
    redisUrl,
    queuePrefix,
    dataDir: undefined,
    env: () => ({
      DATABASE_URL: db.url,
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      QUEUE_PREFIX: queuePrefix,
      TOKEN_ENCRYPTION_KEY: TEST_TOKEN_KEY,
      AUTH_SECRET: TEST_AUTH_SECRET,
    }),
    async dispose() {
      await deleteRedisPrefix(queuePrefix);
      await db.drop();
    },
  };
}

/** A port free right now, for a server whose own URL must be known before it starts. */
export async function freePort(): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
