import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  costTable,
  latencyTable,
  profileReport,
  scaleTable,
  verdicts,
} from "./pipeline-support/latency-report.ts";
import {
  type BackendRun,
  LABELS,
  type RunOptions,
  runLatency,
  TARGETS,
  type Target,
} from "./pipeline-support/latency-run.ts";
import { readOptions, warnIfBusy } from "./support/cli.ts";
import { machine } from "./support/report.ts";

/**
 * `npm run bench:latency`: webhook → reply latency and the cost per DM, through the sandbox
 * at a steady rate of DMs. autodm runs as real processes (bin/autodm.js: `start` embedded; one
 * `web` and one `worker` on PostgreSQL), the sandbox as Instagram in a process and database of
 * its own. `--scale-out 1,2,4` (`npm run bench:scale`) runs 1 web + N workers instead.
 */
const USAGE = `npm run bench:latency -- [flags]

  --rate N          DMs per second (BENCH_RATE, default 200)
  --duration S      seconds of load (BENCH_DURATION, default 10)
  --people N        distinct people (BENCH_PEOPLE, default rate × duration: one DM each;
                    with --scale-out a fifth of that: five DMs each, so order can be checked)
  --backends a,b    of ${TARGETS.join(",")} (BENCH_BACKENDS, default all; --scale-out: postgres-redis)
  --workers N       worker processes beside the web process on PostgreSQL (default 1)
  --scale-out a,b   run 1 web + N workers for each N (e.g. 1,2,4), PostgreSQL backends only
  --settle S        max seconds to wait for the last replies (default 60)
  --concurrency N   WORKER_CONCURRENCY (default: autodm's, 10)
  --db-pool-max N   DB_POOL_MAX (default: autodm's, 10)
  --accounts N      connected accounts the DMs are spread over (BENCH_ACCOUNTS, default 3): Meta
                    allows 100 sends/s per account, so 200 DMs/s need at least 3 (autodm paces at 95/s)
  --sends-per-second N  the sandbox's Send API limit per account (default: its own, Meta's 100/s)
  --sandbox MODE    separate (default: its own process and database, as Meta is) or in-process
                    (autodm's built-in one, in the web process: its cost then counts as autodm's)
  --profile         node --cpu-prof and a statement trace in autodm's processes (and Redis
                    MONITOR): where the CPU and the statements go; slows the run down

  BENCH_DATABASE_URL  default postgresql://postgres@127.0.0.1:5432/test (also holds the sandbox's database)
  BENCH_REDIS_URL     default redis://127.0.0.1:6379`;

const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
const progress = (message: string) => console.error(`[bench:latency] ${message}`);

interface Options extends Omit<RunOptions, "progress"> {
  targets: Target[];
  scaleOut: number[] | undefined;
}

function list(raw: string | undefined): string[] | undefined {
  return raw === undefined || raw === "" ? undefined : raw.split(",").map((s) => s.trim());
}

function parseOptions(): Options | "help" {
  const { values } = parseArgs({
    options: {
      rate: { type: "string" },
      duration: { type: "string" },
      people: { type: "string" },
      accounts: { type: "string" },
      sandbox: { type: "string" },
      backends: { type: "string" },
      workers: { type: "string" },
      "scale-out": { type: "string" },
      settle: { type: "string" },
      "sends-per-second": { type: "string" },
      concurrency: { type: "string" },
      "db-pool-max": { type: "string" },
      profile: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  const env = process.env;
  const num = (name: string, raw: string | undefined, fallback: number, min: number) => {
    if (raw === undefined || raw === "") return fallback;
    const v = Number(raw);
    if (!Number.isInteger(v) || v < min) throw new Error(`${name}: expected a whole number ≥ ${min}`);
    return v;
  };
  const scaleOut = list(values["scale-out"])?.map((n) => num("--scale-out", n, 1, 1));
  const targets =
    list(values.backends ?? env.BENCH_BACKENDS) ?? (scaleOut ? ["postgres-redis"] : [...TARGETS]);
  const unknown = targets.filter((t) => !TARGETS.includes(t as Target));
  if (unknown.length) throw new Error(`--backends: unknown ${unknown.join(", ")}`);
  if (scaleOut && targets.includes("embedded"))
    throw new Error("--scale-out: the embedded database belongs to one process");
  const sandbox = values.sandbox ?? env.BENCH_SANDBOX ?? "separate";
  if (sandbox !== "separate" && sandbox !== "in-process")
    throw new Error("--sandbox: expected separate or in-process");
  const rate = num("--rate", values.rate ?? env.BENCH_RATE, 200, 1);
  const duration = num("--duration", values.duration ?? env.BENCH_DURATION, 10, 1);
  return {
    rate,
    duration,
    people: num(
      "--people",
      values.people ?? env.BENCH_PEOPLE,
      Math.ceil((rate * duration) / (scaleOut ? 5 : 1)),
      1,
    ),
    accounts: num("--accounts", values.accounts ?? env.BENCH_ACCOUNTS, 3, 1),
    sandbox,
    targets: targets as Target[],
    workers: num("--workers", values.workers, 1, 1),
    scaleOut,
    settleS: num("--settle", values.settle, 60, 1),
    sendsPerSecond: values["sends-per-second"]
      ? num("--sends-per-second", values["sends-per-second"], 100, 1)
      : undefined,
    appEnv: {
      ...(values.concurrency
        ? { WORKER_CONCURRENCY: String(num("--concurrency", values.concurrency, 10, 1)) }
        : {}),
      ...(values["db-pool-max"]
        ? { DB_POOL_MAX: String(num("--db-pool-max", values["db-pool-max"], 10, 1)) }
        : {}),
    },
    profile: values.profile ?? false,
    services: {
      databaseUrl: env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/test",
      redisUrl: env.BENCH_REDIS_URL || "redis://127.0.0.1:6379",
    },
  };
}

async function main(): Promise<number> {
  const options = readOptions(parseOptions, USAGE);
  if (typeof options === "number") return options;
  const startedAt = new Date();
  warnIfBusy(progress);
  const runs: BackendRun[] = [];
  const run = (target: Target, workers: number) => runLatency(target, { ...options, workers, progress });
  if (options.scaleOut) {
    for (const target of options.targets)
      for (const workers of options.scaleOut) runs.push(await run(target, workers));
  } else {
    for (const target of options.targets) runs.push(await run(target, options.workers));
  }

  const out = options.scaleOut
    ? options.targets.flatMap((t) => [
        `${LABELS[t]}, ${options.rate} DMs/s:`,
        "",
        scaleTable(runs.filter((r) => r.target === t)),
        "",
      ])
    : [latencyTable(runs, options.rate), "", costTable(runs), ""];
  console.log([...out, ...verdicts(runs, options.rate)].join("\n"));
  const profile = profileReport(runs);
  if (profile.length) console.error(profile.join("\n"));
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const name = options.scaleOut ? "scale" : "latency";
  const file = path.join(RESULTS_DIR, `${name}-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  const { services: _services, ...settings } = options;
  fs.writeFileSync(
    file,
    `${JSON.stringify({ benchmark: `reply-${name}`, startedAt: startedAt.toISOString(), machine: machine(), settings, runs }, null, 2)}\n`,
  );
  progress(`raw results: ${path.relative(process.cwd(), file)}`);
  return runs.some((r) => r.status !== "ok") ? 1 : 0;
}

process.exitCode = await main();
// Pools and timers can linger a moment; the work is done.
setTimeout(() => process.exit(), 2_000).unref();
