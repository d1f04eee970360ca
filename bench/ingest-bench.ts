import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon, { type AutocannonResult } from "autocannon";
import pg from "pg";
import {
  type CostPerDm,
  type CostSources,
  costBetween,
  costSnapshot,
  perDm,
  scrapeCost,
} from "./pipeline-support/cost-model.ts";
import { formatProfile, type ProfileSummary, summarizeProfile } from "./pipeline-support/cpu-profile.ts";
import {
  type RunningTarget,
  startTarget,
  TARGET_LABELS,
  TARGETS,
  type TargetName,
} from "./pipeline-support/targets.ts";
import { WebhookBodies } from "./pipeline-support/webhook-bodies.ts";
import { CleanupStack } from "./support/cleanup.ts";
import { readOptions, warnIfBusy } from "./support/cli.ts";
import { connectStatsClient } from "./support/redis-stats.ts";
import { machine } from "./support/report.ts";

/**
 * `npm run bench:ingest`: signed webhook POSTs per second and acknowledgement latency of
 * autodm's receiver (web role only: signature, durable INSERT, enqueue, 200) on embedded
 * PGlite and on PostgreSQL + Redis, side by side with a bare node:http server and a naive
 * Express starter. Each server runs in its own process; autocannon drives it from this one.
 * Progress goes to stderr; stdout carries the Markdown table.
 */

const USAGE = `npm run bench:ingest -- [flags]

  --duration S        measured seconds per server (BENCH_DURATION, default 10)
  --warmup S          warm-up seconds per server (BENCH_WARMUP, default 3)
  --connections N     autocannon connections (BENCH_CONNECTIONS, default 50)
  --people N          distinct senders in rotation (BENCH_PEOPLE, default 10000)
  --targets a,b       of ${TARGETS.join(",")} (BENCH_TARGETS, default all)
  --profile           run the servers under node --cpu-prof and print their top self-time functions

  BENCH_DATABASE_URL  default postgresql://postgres@127.0.0.1:5432/test
  BENCH_REDIS_URL     default redis://127.0.0.1:6379`;

const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
const progress = (message: string) => console.error(`[bench:ingest] ${message}`);

interface Options {
  duration: number;
  warmup: number;
  connections: number;
  people: number;
  targets: TargetName[];
  profile: boolean;
  services: { databaseUrl: string; redisUrl: string };
}

function parseOptions(): Options | "help" {
  const { values } = parseArgs({
    options: {
      duration: { type: "string" },
      warmup: { type: "string" },
      connections: { type: "string" },
      people: { type: "string" },
      targets: { type: "string" },
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
  const targets = (values.targets ?? env.BENCH_TARGETS ?? TARGETS.join(",")).split(",").map((s) => s.trim());
  const unknown = targets.filter((t) => !TARGETS.includes(t as TargetName));
  if (unknown.length) throw new Error(`--targets: unknown ${unknown.join(", ")}`);
  return {
    duration: num("--duration", values.duration ?? env.BENCH_DURATION, 10, 1),
    warmup: num("--warmup", values.warmup ?? env.BENCH_WARMUP, 3, 0),
    connections: num("--connections", values.connections ?? env.BENCH_CONNECTIONS, 50, 1),
    people: num("--people", values.people ?? env.BENCH_PEOPLE, 10_000, 1),
    targets: targets as TargetName[],
    profile: values.profile ?? false,
    services: {
      databaseUrl: env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/test",
      redisUrl: env.BENCH_REDIS_URL || "redis://127.0.0.1:6379",
    },
  };
}

interface TargetResult {
  target: TargetName;
  label: string;
  status: "ok" | "failed";
  error?: string;
  reqPerSec?: number;
  p50?: number;
  p99?: number;
  max?: number;
  responses2xx?: number;
  non2xx?: number;
  errors?: number;
  timeouts?: number;
  /** Requests sent whose response never came back before autocannon closed the sockets. */
  cutOffInFlight?: number;
  statusCodes?: Record<string, number>;
  /** autodm only: new inbound_events rows during the measured phase. */
  stored?: number | null;
  durable?: boolean | null;
  /** autodm only: the web process's CPU, statements and Redis commands per stored event. */
  cost?: CostPerDm;
  profile?: ProfileSummary;
  raw?: Omit<AutocannonResult, "statusCodeStats">;
}

async function hammer(url: string, bodies: WebhookBodies, seconds: number, connections: number) {
  return (await autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 10,
    requests: bodies.requests(),
  })) as AutocannonResult;
}

async function benchTarget(name: TargetName, options: Options): Promise<TargetResult> {
  const cleanup = new CleanupStack();
  const label = TARGET_LABELS[name];
  let cpuProfDir: string | undefined;
  if (options.profile) {
    cpuProfDir = fs.mkdtempSync(path.join(os.tmpdir(), `autodm-prof-${name}-`));
  }
  try {
    const started = performance.now();
    const target = await startTarget(name, options.services, {
      cpuProfDir,
      onCleanup: (what, fn) => cleanup.push(what, fn),
    });
    progress(`${name}: up in ${Math.round(performance.now() - started)} ms (pid ${target.pid})`);
    const bodies = new WebhookBodies(target.secret, options.people);
    const url = `${target.url}/webhooks/instagram`;

    if (options.warmup > 0) {
      progress(`${name}: warm-up ${options.warmup} s`);
      await hammer(url, bodies, options.warmup, options.connections);
      await sleep(500);
    }
    const sources = await costSources(target, options, (what, fn) => cleanup.push(what, fn));
    const scrape = sources ? await scrapeCost(sources) : undefined;
    const before = await target.count();
    // After the count: its own statement is not the phase's.
    const costBefore = sources ? await costSnapshot(sources) : undefined;
    progress(`${name}: measuring ${options.duration} s, ${options.connections} connections`);
    const result = await hammer(url, bodies, options.duration, options.connections);
    await sleep(1_000); // requests cut off at the end may still finish their INSERT
    const costAfter = sources ? await costSnapshot(sources) : undefined;
    const after = await target.count();
    await target.stop();

    const statusCodes = Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
    );
    const stored = before && after ? after.stored - before.stored : null;
    const cutOff = Math.max(0, (result.requests.sent ?? 0) - result.requests.total);
    // Every acknowledged event is stored; extra rows can only come from requests cut off in flight.
    const durable =
      stored === null ? null : stored >= result["2xx"] && stored <= result["2xx"] + cutOff + result.errors;
    const { statusCodeStats: _s, ...raw } = result;
    const out: TargetResult = {
      target: name,
      label,
      status: "ok",
      reqPerSec: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
      responses2xx: result["2xx"],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      cutOffInFlight: cutOff,
      statusCodes,
      stored,
      durable,
      ...(sources && costBefore && costAfter && stored
        ? { cost: perDm(sources, costBetween(costBefore, costAfter, scrape), stored) }
        : {}),
      raw,
    };
    progress(
      `${name}: ${Math.round(out.reqPerSec ?? 0)} req/s, p50 ${out.p50} ms, p99 ${out.p99} ms, 2xx ${out.responses2xx}` +
        (stored !== null ? `, stored ${stored} (cut off in flight ${cutOff})` : ""),
    );
    if (cpuProfDir) {
      const files = fs.readdirSync(cpuProfDir).filter((f) => f.endsWith(".cpuprofile"));
      const file = files[0] ? path.join(cpuProfDir, files[0]) : undefined;
      if (file) {
        fs.mkdirSync(RESULTS_DIR, { recursive: true });
        const kept = path.join(RESULTS_DIR, `ingest-${name}-${Date.now()}.cpuprofile`);
        fs.copyFileSync(file, kept);
        out.profile = summarizeProfile(kept);
        console.error(formatProfile(out.profile));
      }
    }
    return out;
  } catch (err) {
    progress(`${name}: failed: ${err instanceof Error ? err.message : String(err)}`);
    return { target: name, label, status: "failed", error: err instanceof Error ? err.message : String(err) };
  } finally {
    const failures = await cleanup.run();
    for (const f of failures) progress(`cleanup failed: ${f.what}: ${String(f.error)}`);
    if (cpuProfDir) fs.rmSync(cpuProfDir, { recursive: true, force: true });
  }
}

/** Where an autodm target's cost is read: its /metrics, its Redis, its PostgreSQL backends. */
async function costSources(
  target: RunningTarget,
  options: Options,
  onCleanup: (what: string, fn: () => Promise<unknown>) => void,
): Promise<CostSources | undefined> {
  if (target.name === "bare" || target.name === "express") return undefined;
  const sources: CostSources = { processes: [{ role: "web", metricsUrl: `${target.url}/metrics` }] };
  if (target.redisUrl) {
    const redis = connectStatsClient(target.redisUrl);
    onCleanup("close the Redis stats client", async () => redis.disconnect());
    sources.redis = redis;
  }
  if (target.databaseName) {
    const admin = new pg.Pool({
      connectionString: options.services.databaseUrl,
      max: 2,
      application_name: "bench-admin",
    });
    onCleanup("close the admin pool", () => admin.end());
    sources.postgres = { admin, database: target.databaseName };
  }
  return sources;
}

const fmt = (v: number | undefined, digits = 0) => (v === undefined ? "–" : v.toFixed(digits));

function table(results: TargetResult[]): string {
  const header = [
    "server",
    "req/s",
    "p50 ms",
    "p99 ms",
    "errors/non-2xx",
    "stored = 2xx?",
    "CPU ms/event",
    "SQL/event",
    "Redis cmds/event",
    "PostgreSQL CPU ms/event",
  ];
  const rows = results.map((r) => {
    if (r.status !== "ok")
      return [r.label, "failed", "", "", r.error?.slice(0, 80) ?? "", "", "", "", "", ""];
    const durability =
      r.stored === null || r.stored === undefined
        ? "– (nothing stored)"
        : `${r.durable ? "yes" : "NO"}: ${r.stored} stored / ${r.responses2xx} 2xx` +
          (r.stored !== r.responses2xx ? ` (+${r.stored - (r.responses2xx ?? 0)} cut off in flight)` : "");
    return [
      r.label,
      fmt(r.reqPerSec),
      fmt(r.p50),
      fmt(r.p99),
      `${(r.errors ?? 0) + (r.timeouts ?? 0)}/${r.non2xx}`,
      durability,
      r.cost ? r.cost.cpuMs.toFixed(3) : "–",
      r.cost ? r.cost.statements.toFixed(3) : "–",
      r.cost?.redisCommands != null ? r.cost.redisCommands.toFixed(2) : "–",
      r.cost?.postgresCpuMs != null ? r.cost.postgresCpuMs.toFixed(3) : "–",
    ];
  });
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(3, ...all.map((r) => (r[c] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(" | ")} |`;
  const rule = `|${widths.map((w, c) => (c === 0 || c === 5 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

function ratios(results: TargetResult[]): string[] {
  const express = results.find((r) => r.target === "express" && r.status === "ok");
  if (!express?.reqPerSec) return ["(no Express baseline in this run: no ratios)"];
  const lines: string[] = [];
  const plain = results.find((x) => x.target === "postgres" && x.status === "ok");
  if (plain?.reqPerSec)
    lines.push(
      `${TARGET_LABELS.postgres} / Express: ${(plain.reqPerSec / express.reqPerSec).toFixed(2)} (no goal set)`,
    );
  const targets: [TargetName, number][] = [
    ["postgres-redis", 1],
    ["embedded", 0.5],
  ];
  for (const [name, goal] of targets) {
    const r = results.find((x) => x.target === name && x.status === "ok");
    if (!r?.reqPerSec) continue;
    const ratio = r.reqPerSec / express.reqPerSec;
    const met = ratio >= goal;
    lines.push(
      `${TARGET_LABELS[name]} / Express: ${ratio.toFixed(2)} (target ≥ ${goal.toFixed(2)}: ${
        met
          ? "met"
          : `MISSED by ${((1 - ratio / goal) * 100).toFixed(0)}% (${Math.round(goal * express.reqPerSec - r.reqPerSec)} req/s short)`
      })`,
    );
  }
  return lines;
}

async function main(): Promise<number> {
  const options = readOptions(parseOptions, USAGE);
  if (typeof options === "number") return options;
  const startedAt = new Date();
  warnIfBusy(progress);

  let interrupted = false;
  process.once("SIGINT", () => {
    interrupted = true;
    progress("SIGINT: finishing the current server's cleanup, then stopping");
  });
  const results: TargetResult[] = [];
  for (const name of options.targets) {
    if (interrupted) break;
    results.push(await benchTarget(name, options));
  }

  const out = [table(results), "", ...ratios(results)].join("\n");
  console.log(out);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `ingest-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  const { services: _services, ...settings } = options;
  fs.writeFileSync(
    file,
    `${JSON.stringify({ benchmark: "ingest", startedAt: startedAt.toISOString(), machine: machine(), settings, results }, null, 2)}\n`,
  );
  progress(`raw results: ${path.relative(process.cwd(), file)}`);
  return results.some((r) => r.status !== "ok") ? 1 : 0;
}

process.exitCode = await main();
