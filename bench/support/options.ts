import { parseArgs } from "node:util";
import { BACKENDS, type BackendName, type Services } from "./backends.ts";

/**
 * What to run, from command-line flags first, then BENCH_* variables, then defaults sized so
 * the three backends finish in about two minutes on a 2-core machine.
 */
export interface QueueBenchOptions {
  backends: BackendName[];
  services: Services;
  /** Jobs in the throughput phase. */
  jobs: number;
  /** Parallel enqueues per chunk in the throughput phase. */
  batch: number;
  warmupJobs: number;
  lowLoadJobs: number;
  lowLoadIntervalMs: number;
  concurrency: number;
  logLevel: string;
}

export const USAGE = `npm run bench:queue -- [flags]

  --jobs N                 throughput jobs (BENCH_JOBS, default 2000)
  --batch N                parallel enqueues per chunk (BENCH_BATCH, default 50)
  --concurrency N          WORKER_CONCURRENCY (BENCH_CONCURRENCY, default 10)
  --warmup N               warm-up jobs (BENCH_WARMUP_JOBS, default 50)
  --low-load-jobs N        low-load jobs (BENCH_LOW_LOAD_JOBS, default 200; 0 skips the phase)
  --low-load-interval MS   ms between low-load enqueues (BENCH_LOW_LOAD_INTERVAL_MS, default 20)
  --backends a,b           of ${BACKENDS.join(",")} (BENCH_BACKENDS, default all)

  BENCH_DATABASE_URL       default postgresql://postgres@127.0.0.1:5432/test
  BENCH_REDIS_URL          default redis://127.0.0.1:6379
  BENCH_LOG_LEVEL          the runtime's log level (default silent)`;

function wholeNumber(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name}: expected a whole number ≥ ${min}, got "${raw}"`);
  }
  return value;
}

function backendList(raw: string | undefined): BackendName[] {
  if (!raw) return [...BACKENDS];
  const names = raw.split(",").map((s) => s.trim());
  const unknown = names.filter((n) => !BACKENDS.includes(n as BackendName));
  if (unknown.length > 0) {
    throw new Error(`--backends: unknown ${unknown.join(", ")} (expected ${BACKENDS.join(", ")})`);
  }
  return names as BackendName[];
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): QueueBenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      jobs: { type: "string" },
      batch: { type: "string" },
      concurrency: { type: "string" },
      warmup: { type: "string" },
      "low-load-jobs": { type: "string" },
      "low-load-interval": { type: "string" },
      backends: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  return {
    backends: backendList(values.backends ?? env.BENCH_BACKENDS),
    services: {
      databaseUrl: env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/test",
      redisUrl: env.BENCH_REDIS_URL || "redis://127.0.0.1:6379",
    },
    jobs: wholeNumber("--jobs", values.jobs ?? env.BENCH_JOBS, 2000, 1),
    batch: wholeNumber("--batch", values.batch ?? env.BENCH_BATCH, 50, 1),
    concurrency: wholeNumber("--concurrency", values.concurrency ?? env.BENCH_CONCURRENCY, 10, 1),
    warmupJobs: wholeNumber("--warmup", values.warmup ?? env.BENCH_WARMUP_JOBS, 50, 0),
    lowLoadJobs: wholeNumber("--low-load-jobs", values["low-load-jobs"] ?? env.BENCH_LOW_LOAD_JOBS, 200, 0),
    lowLoadIntervalMs: wholeNumber(
      "--low-load-interval",
      values["low-load-interval"] ?? env.BENCH_LOW_LOAD_INTERVAL_MS,
      20,
      0,
    ),
    logLevel: env.BENCH_LOG_LEVEL || "silent",
  };
}
