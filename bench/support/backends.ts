import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";

/**
 * The three queue set-ups the benchmark compares, each provisioned privately for one run and
 * removed afterwards: a fresh PGlite folder, a throwaway database on the real PostgreSQL, a
 * unique Redis key prefix. Written for the bench rather than shared with test/support, which
 * depends on vitest.
 */
export type BackendName = "pglite" | "postgres" | "redis";

export const BACKENDS: readonly BackendName[] = ["pglite", "postgres", "redis"];

export const BACKEND_LABELS: Record<BackendName, string> = {
  pglite: "BullMQ-Postgres on PGlite (embedded, socket)",
  postgres: "BullMQ-Postgres on PostgreSQL",
  redis: "BullMQ on Redis (app data in PostgreSQL)",
};

export interface Services {
  databaseUrl: string;
  redisUrl: string;
}

export interface ProvisionedBackend {
  /** Variables for `loadConfig`, on top of the bench's own. */
  env: Record<string, string>;
  dispose(): Promise<void>;
}

/** A service the backend needs does not answer: the row is skipped, not failed. */
export class UnreachableError extends Error {
  constructor(readonly service: string) {
    super(`unreachable: ${service}`);
    this.name = "UnreachableError";
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
}

const PROBE_TIMEOUT_MS = 2_000;

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function redisAnswers(url: string): Promise<boolean> {
  // No retries: an absent Redis must fail the probe at once instead of reconnecting forever.
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on("error", () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A database of its own on the server at `adminUrl`, dropped (connections and all) by `drop`. */
async function createThrowawayDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = uniqueName("autodm_bench"); // lowercase, digits and _: a safe identifier
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`),
  };
}

async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

export async function provisionBackend(name: BackendName, services: Services): Promise<ProvisionedBackend> {
  // QUEUE_PREFIX only namespaces Redis keys (the Postgres backend uses the database's schema),
  // but a unique one everywhere costs nothing.
  const queuePrefix = uniqueName("bench").replace(/_/g, "-");

  if (name === "pglite") {
    // No DATABASE_URL: the runtime opens (and on stop closes) PGlite in DATA_DIR itself, as
    // `npm start` does. The folder must be new, so this pays for one initdb.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "autodm-bench-"));
    return {
      env: { DATA_DIR: dataDir, QUEUE_PREFIX: queuePrefix },
      async dispose() {
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }

  if (!(await postgresAnswers(services.databaseUrl))) throw new UnreachableError("PostgreSQL");
  if (name === "redis" && !(await redisAnswers(services.redisUrl))) throw new UnreachableError("Redis");

  const database = await createThrowawayDatabase(services.databaseUrl);
  const redisUrl = name === "redis" ? services.redisUrl : undefined;
  return {
    env: {
      DATABASE_URL: database.url,
      // Required with DATABASE_URL (every process must share it); the bench stores no
      // tokens, so a throwaway key will do.
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      QUEUE_PREFIX: queuePrefix,
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    },
    async dispose() {
      try {
        if (redisUrl) await deleteRedisKeys(redisUrl, queuePrefix);
      } finally {
        await database.drop();
      }
    },
  };
}
