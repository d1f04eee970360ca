import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { loadConfig } from "../src/server/config.ts";
import { createLogger } from "../src/server/observability/logger.ts";
import { startRuntime } from "../src/server/runtime.ts";
import { type BackendName, provisionBackend, UnreachableError } from "./support/backends.ts";
import { CleanupStack } from "./support/cleanup.ts";
import { readOptions, warnIfBusy } from "./support/cli.ts";
import { parseOptions, type QueueBenchOptions, USAGE } from "./support/options.ts";
import { clockOffsetMs, type PhaseResult, runBatchedPhase, runPacedPhase } from "./support/queue-phases.ts";
import { type BackendResult, markdownTable, writeResults } from "./support/report.ts";

/**
 * `npm run bench:queue`: throughput and enqueue→start latency of autodm's job queue on its
 * three backends, each in an in-process worker runtime booted exactly as `autodm worker`
 * boots. Progress goes to stderr; stdout carries only the Markdown table.
 */

const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");

const progress = (message: string) => console.error(`[bench:queue] ${message}`);
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function benchBackend(
  name: BackendName,
  options: QueueBenchOptions,
  cleanup: CleanupStack,
): Promise<BackendResult> {
  const setupStarted = performance.now();
  let provisioned: Awaited<ReturnType<typeof provisionBackend>>;
  try {
    provisioned = await provisionBackend(name, options.services);
  } catch (err) {
    if (err instanceof UnreachableError) return { backend: name, status: "skipped", reason: err.message };
    throw err;
  }
  cleanup.push(`${name}: remove its database / folder / keys`, () => provisioned.dispose());

  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: options.logLevel,
    WORKER_CONCURRENCY: String(options.concurrency),
    ...provisioned.env,
  });
  // Logs (only with BENCH_LOG_LEVEL) go to stderr, keeping stdout for the table.
  const logger = createLogger({ log: config.log, version: "bench" }, pino.destination(2));
  const runtime = await startRuntime(config, ["worker"], logger);
  cleanup.push(`${name}: stop the runtime`, () => runtime.stop());
  const setupMs = performance.now() - setupStarted;

  const ctx = { jobQueue: runtime.jobQueue, db: runtime.database.db };
  const clock = await clockOffsetMs(ctx.db);
  const { rows } = await runtime.database.pool.query<{ v: string }>(
    "select current_setting('server_version') as v",
  );
  progress(`${name}: up in ${Math.round(setupMs)} ms (database ${rows[0]?.v}); warming up`);

  // Pools open their connections and V8 compiles the hot paths before anything is timed.
  if (options.warmupJobs > 0) {
    await runBatchedPhase(ctx, "warm-", { jobs: options.warmupJobs, batch: options.batch });
  }

  progress(`${name}: throughput, ${options.jobs} jobs in chunks of ${options.batch}`);
  const throughput = await runBatchedPhase(ctx, "tp-", { jobs: options.jobs, batch: options.batch });

  let lowLoad: PhaseResult | null = null;
  if (options.lowLoadJobs > 0) {
    await sleep(1_000); // let the backlog's bookkeeping finish before timing single jobs
    progress(`${name}: low load, ${options.lowLoadJobs} jobs one every ${options.lowLoadIntervalMs} ms`);
    lowLoad = await runPacedPhase(ctx, "low-", {
      jobs: options.lowLoadJobs,
      intervalMs: options.lowLoadIntervalMs,
    });
  }
  return {
    backend: name,
    status: "ok",
    setupMs,
    databaseVersion: rows[0]?.v ?? "unknown",
    clock,
    throughput,
    lowLoad,
  };
}

async function main(): Promise<number> {
  const options = readOptions(() => parseOptions(process.argv.slice(2), process.env), USAGE);
  if (typeof options === "number") return options;
  const startedAt = new Date();
  warnIfBusy(progress);
  const results: BackendResult[] = [];
  let failed = false;

  // Ctrl-C mid-run: undo what the current backend set up, then leave. The interrupted phase
  // fails as its connections close; `interrupted` keeps that from being reported as a result.
  let active: CleanupStack | undefined;
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    progress(`${signal}: cleaning up`);
    void (active?.run() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  for (const name of options.backends) {
    if (interrupted) break;
    const cleanup = new CleanupStack();
    active = cleanup;
    try {
      const result = await benchBackend(name, options, cleanup);
      if (result.status === "skipped") progress(`${name}: skipped (${result.reason})`);
      results.push(result);
    } catch (err) {
      if (interrupted) break; // the finally block still cleans up
      failed = true;
      progress(`${name}: failed`);
      console.error(err);
      results.push({ backend: name, status: "failed", error: errorText(err) });
    } finally {
      for (const { what, error } of await cleanup.run()) {
        failed = true;
        progress(`cleanup failed: ${what}: ${errorText(error)}`);
      }
      active = undefined;
    }
  }

  if (interrupted) return 130; // the signal handler exits once its cleanup is done
  console.log(markdownTable(results));
  progress(
    `raw results: ${path.relative(process.cwd(), writeResults(RESULTS_DIR, startedAt, options, results))}`,
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
