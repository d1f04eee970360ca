import { createRequire } from "node:module";
import path from "node:path";
import { z } from "zod";

/**
 * The only reader of `process.env`. Everything else receives a `Config`, so tests build one
 * directly with `loadConfig({...})`. Every variable is documented in `.env.example`.
 */

const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "on", "off", "yes", "no"], {
      error: "expected true/false, on/off, yes/no or 1/0",
    })
    .default(fallback ? "true" : "false")
    .transform((v) => ["true", "1", "on", "yes"].includes(v));

const int = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ error: "expected a number" })
    .int("expected a whole number")
    .min(min, `expected at least ${min}`)
    .max(max, `expected at most ${max}`)
    .default(fallback);

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `expected a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`,
    );

const Env = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: int(3000, 0, 65535),
  WORKER_METRICS_PORT: int(0, 0, 65535).optional(),
  APP_URL: url(["http:", "https:"]).optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: url(["postgres:", "postgresql:"]).optional(),
  DB_POOL_MAX: int(10, 1, 200),
  REDIS_URL: url(["redis:", "rediss:"]).optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,40}$/, "expected lowercase letters, digits, - or _")
    .default("autodm"),
  QUEUE_PG_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,40}$/, "expected a lowercase SQL identifier")
    .default("bullmq"),
  WORKER_CONCURRENCY: int(10, 1, 500),
  JOB_LOCK_MS: int(30_000, 1_000, 600_000),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 600_000),
  MIGRATE_ON_BOOT: bool(true),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["json", "pretty"]).default("json"),
  METRICS_TOKEN: z.string().min(16, "expected at least 16 characters").optional(),
  DEMO_JOBS_API: bool(false),
});

export type Role = "web" | "worker";

export interface Config {
  env: "development" | "production" | "test";
  version: string;
  http: { host: string; port: number; appUrl: string };
  /** A worker-only process serves /health and /metrics on this port when set. */
  workerMetricsPort: number | undefined;
  dataDir: string;
  /** Absent: embedded PGlite in `dataDir`, owned by this process. */
  databaseUrl: string | undefined;
  dbPoolMax: number;
  queue: {
    /** Absent: BullMQ's PostgreSQL backend in the same database. */
    redisUrl: string | undefined;
    prefix: string;
    pgSchema: string;
    concurrency: number;
    lockMs: number;
  };
  shutdownTimeoutMs: number;
  migrateOnBoot: boolean;
  log: { level: string; format: "json" | "pretty" };
  metricsToken: string | undefined;
  demoJobsApi: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** The version shown by /health, read from package.json beside `src/`. */
function packageVersion(): string {
  const raw = createRequire(import.meta.url)("../../package.json") as { version?: string };
  return raw.version ?? "0.0.0";
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings in a .env file mean "not set", as in most tools.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = Env.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join(".") || "(environment)";
        const got = cleaned[name];
        const shown =
          got === undefined || /SECRET|TOKEN|KEY|PASSWORD|URL/.test(name) ? "" : ` (got "${got}")`;
        return `${name}: ${issue.message}${shown}`;
      }),
    );
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    version: packageVersion(),
    http: {
      host: e.HOST,
      port: e.PORT,
      appUrl: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    },
    workerMetricsPort: e.WORKER_METRICS_PORT,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    dbPoolMax: e.DB_POOL_MAX,
    queue: {
      redisUrl: e.REDIS_URL,
      prefix: e.QUEUE_PREFIX,
      pgSchema: e.QUEUE_PG_SCHEMA,
      concurrency: e.WORKER_CONCURRENCY,
      lockMs: e.JOB_LOCK_MS,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    migrateOnBoot: e.MIGRATE_ON_BOOT,
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    metricsToken: e.METRICS_TOKEN,
    demoJobsApi: e.DEMO_JOBS_API,
  };
}
