import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pino from "pino";
import { loadConfig } from "../src/server/config.ts";
import { createLogger } from "../src/server/observability/logger.ts";
import { startRuntime } from "../src/server/runtime.ts";
import { DEMO } from "../src/server/sandbox/index.ts";
import { TEST_APP } from "../src/server/sandbox/sandbox-test-kit.ts";
import { breakdown, type LatencyBreakdown, replyTimes } from "./pipeline-support/reply-probe.ts";
import { connectSandboxAccount, type Session, signUpOwner } from "./pipeline-support/session.ts";
import { type BackendName, provisionBackend } from "./support/backends.ts";
import { CleanupStack } from "./support/cleanup.ts";
import { freePort, readOptions, warnIfBusy } from "./support/cli.ts";
import { machine } from "./support/report.ts";
import { type LatencySummary, summarize } from "./support/stats.ts";

/**
 * `npm run bench:latency`: webhook → reply latency through the built-in sandbox at a steady
 * rate of DMs. autodm runs web + worker in this process, as `autodm start` does, with the
 * sandbox as its Instagram: people write through the sandbox's control API, the sandbox
 * delivers signed webhooks in batches (every 200 ms, its default in the app), autodm answers
 * through the sandbox's Send API. Timings come from the database afterwards.
 */

const USAGE = `npm run bench:latency -- [flags]

  --rate N          DMs per second (BENCH_RATE, default 200)
  --duration S      seconds of load (BENCH_DURATION, default 10)
  --people N        distinct people (BENCH_PEOPLE, default rate × duration: one DM each)
  --backends a,b    of embedded,postgres-redis (BENCH_BACKENDS, default both)
  --settle S        max seconds to wait for the last replies (default 60)
  --concurrency N   WORKER_CONCURRENCY (default: autodm's, 10)
  --db-pool-max N   DB_POOL_MAX (default: autodm's, 10)
  --accounts N      connected accounts the DMs are spread over (BENCH_ACCOUNTS, default 3): Meta
                    allows 100 sends/s per account, so 200 DMs/s need at least 3 (autodm paces at 95/s)
  --sends-per-second N  the sandbox's Send API limit per account (default: its own, Meta's 100/s)
  --sandbox MODE    where the simulated Instagram runs: separate (its own process, as Meta is;
                    the default on PostgreSQL + Redis) or in-process (autodm's built-in one; the
                    only choice embedded, whose database is private to autodm's process)

  BENCH_DATABASE_URL  default postgresql://postgres@127.0.0.1:5432/test
  BENCH_REDIS_URL     default redis://127.0.0.1:6379`;

type Target = "embedded" | "postgres-redis";
const TARGETS: readonly Target[] = ["embedded", "postgres-redis"];
const LABELS: Record<Target, string> = {
  embedded: "embedded (PGlite, BullMQ-Postgres)",
  "postgres-redis": "PostgreSQL + Redis",
};
const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
const progress = (message: string) => console.error(`[bench:latency] ${message}`);
const KEYWORD_TEXT = "hi, what's the price?";

interface Options {
  rate: number;
  duration: number;
  people: number;
  accounts: number;
  sandbox: "separate" | "in-process" | undefined;
  targets: Target[];
  settleS: number;
  sendsPerSecond: number | undefined;
  /** Extra autodm variables (WORKER_CONCURRENCY, DB_POOL_MAX) when given. */
  appEnv: Record<string, string>;
  services: { databaseUrl: string; redisUrl: string };
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
      settle: { type: "string" },
      "sends-per-second": { type: "string" },
      concurrency: { type: "string" },
      "db-pool-max": { type: "string" },
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
  const rate = num("--rate", values.rate ?? env.BENCH_RATE, 200, 1);
  const duration = num("--duration", values.duration ?? env.BENCH_DURATION, 10, 1);
  const targets = (values.backends ?? env.BENCH_BACKENDS ?? TARGETS.join(","))
    .split(",")
    .map((s) => s.trim());
  const unknown = targets.filter((t) => !TARGETS.includes(t as Target));
  if (unknown.length) throw new Error(`--backends: unknown ${unknown.join(", ")}`);
  return {
    rate,
    duration,
    people: num("--people", values.people ?? env.BENCH_PEOPLE, rate * duration, 1),
    accounts: num("--accounts", values.accounts ?? env.BENCH_ACCOUNTS, 3, 1),
    sandbox: sandboxMode(values.sandbox ?? env.BENCH_SANDBOX),
    targets: targets as Target[],
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
    services: {
      databaseUrl: env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/test",
      redisUrl: env.BENCH_REDIS_URL || "redis://127.0.0.1:6379",
    },
  };
}

function sandboxMode(raw: string | undefined): Options["sandbox"] {
  if (raw === undefined || raw === "") return undefined;
  if (raw === "separate" || raw === "in-process") return raw;
  throw new Error("--sandbox: expected separate or in-process");
}

/** The simulated Instagram in its own process (bench/pipeline-support/sandbox-process.ts). */
async function startSandboxProcess(databaseUrl: string, port: number, webhookUrl: string) {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(path.dirname(fileURLToPath(import.meta.url)), "pipeline-support/sandbox-process.ts"),
    ],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl, SANDBOX_PORT: String(port), WEBHOOK_URL: webhookUrl },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d) => {
      out += d;
      if (out.includes('"ready"')) resolve();
    });
    child.once("exit", (code) => reject(new Error(`sandbox process exited with ${code}`)));
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** The workspace owner (signed up once the app is up); before that, plain JSON requests. */
let session: Session = {
  cookie: "",
  headers: (extra = {}) => ({ "content-type": "application/json", ...extra }),
};

async function json<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: session.headers(),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${url} → ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Runs `fn` over `items`, `width` at a time. */
async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

interface DriveResult {
  planned: number;
  sent: number;
  failed: number;
  firstError: string | null;
  /** What was achieved: sent / (last send − first send). */
  achievedRate: number;
  /** How long the control API took to accept the person's DM (the sandbox's own write). */
  controlAck: LatencySummary | null;
  /** How far behind schedule the driver fired (its own event-loop lag). */
  scheduleLag: LatencySummary;
}

/** Open loop: request i fires at start + i / rate, whatever the earlier ones are doing. */
/** Person i writes to account i mod n: the load is spread evenly over the connected accounts. */
async function drive(
  sandbox: string,
  people: string[],
  accounts: string[],
  rate: number,
  seconds: number,
): Promise<DriveResult> {
  const planned = rate * seconds;
  const acks: number[] = [];
  const lags: number[] = [];
  let failed = 0;
  let firstError: string | null = null;
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  let fired = 0;
  let lastFire = start;
  while (fired < planned) {
    const now = performance.now();
    const due = Math.min(planned, Math.floor(((now - start) * rate) / 1000) + 1);
    while (fired < due) {
      const i = fired++;
      lags.push(now - (start + (i * 1000) / rate));
      lastFire = now;
      const igsid = people[i % people.length] as string;
      const p = (async () => {
        const t0 = performance.now();
        try {
          await json("POST", `${sandbox}/control/people/${igsid}/messages`, {
            accountId: accounts[i % accounts.length],
            text: KEYWORD_TEXT,
          });
          acks.push(performance.now() - t0);
        } catch (err) {
          failed++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      })();
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await sleep(Math.max(1, Math.floor(1000 / rate)));
  }
  await Promise.all(inFlight);
  const spanS = (lastFire - start) / 1000;
  return {
    planned,
    sent: acks.length,
    failed,
    firstError,
    achievedRate: spanS > 0 ? planned / spanS : planned,
    controlAck: acks.length ? summarize(acks) : null,
    scheduleLag: summarize(lags),
  };
}

interface BackendRun {
  target: Target;
  label: string;
  status: "ok" | "failed";
  error?: string;
  setupMs?: number;
  drive?: DriveResult;
  activityStatuses?: Record<string, number>;
  runStatuses?: Record<string, number>;
  /** inbound_events of the window (DMs and the echoes of the replies) by status. */
  eventStatuses?: Record<string, number>;
  /** 1/5/15-minute load averages when this backend finished (other work on the machine shows here). */
  loadAverage?: number[];
  /** Replies missing when the settle time ran out. */
  missing?: number;
  latency?: LatencyBreakdown;
  deliveries?: { batches: number; meanEvents: number; postMs: LatencySummary | null };
  eventLoopDelayMs?: { p50: number; p99: number; max: number };
}

async function benchBackend(target: Target, options: Options): Promise<BackendRun> {
  const cleanup = new CleanupStack();
  const label = LABELS[target];
  const backendName: BackendName = target === "embedded" ? "pglite" : "redis";
  try {
    const setupStarted = performance.now();
    const provisioned = await provisionBackend(backendName, options.services);
    cleanup.push(`${target}: drop its database / folder / Redis keys`, () => provisioned.dispose());
    const port = await freePort();
    const separate = target !== "embedded" && options.sandbox !== "in-process";
    const sandboxPort = await freePort();
    const outside = `http://127.0.0.1:${sandboxPort}/sandbox`;
    // Separate: autodm talks to the sandbox as to Meta, through Instagram Login and its hosts.
    const metaEnv = separate
      ? {
          SANDBOX: "off",
          INSTAGRAM_GRAPH_URL: `${outside}/ig-graph`,
          FACEBOOK_GRAPH_URL: `${outside}/fb-graph`,
          INSTAGRAM_API_URL: `${outside}/ig-api`,
          INSTAGRAM_AUTHORIZE_URL: `${outside}/oauth/instagram/authorize`,
          FACEBOOK_AUTHORIZE_URL: `${outside}/oauth/facebook/dialog`,
          INSTAGRAM_APP_ID: TEST_APP.id,
          INSTAGRAM_APP_SECRET: TEST_APP.secret,
        }
      : { SANDBOX: "on" };
    const config = loadConfig({
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      ...metaEnv,
      // Sessions must be signed alike by every process sharing a DATABASE_URL (embedded: generated).
      ...(provisioned.env.DATABASE_URL ? { AUTH_SECRET: randomBytes(32).toString("base64") } : {}),
      ...provisioned.env,
      ...options.appEnv,
    });
    // Production's level (info), written to /dev/null.
    const logger = createLogger(
      { log: config.log, version: "bench" },
      pino.destination({ dest: "/dev/null", sync: false }),
    );
    const runtime = await startRuntime(config, ["web", "worker"], logger);
    cleanup.push(`${target}: stop the runtime`, () => runtime.stop());
    const base = runtime.url as string;
    let sandbox = `${base}/sandbox`;
    if (separate) {
      const child = await startSandboxProcess(
        provisioned.env.DATABASE_URL as string,
        sandboxPort,
        `${base}/webhooks/instagram`,
      );
      cleanup.push(`${target}: stop the sandbox process`, () => child.stop());
      sandbox = outside;
    }
    progress(`${target}: the sandbox runs ${separate ? "in its own process" : "inside autodm's process"}`);

    // The workspace owner signs up, then connects the sandbox's accounts through OAuth (the two
    // demo accounts, and more made in the sandbox when --accounts asks for more).
    session = await signUpOwner(base);
    const accounts: string[] = [DEMO.account.id, DEMO.secondAccount.id].slice(0, options.accounts);
    for (let i = accounts.length; i < options.accounts; i++) {
      const { account } = await json<{ account: { id: string } }>("POST", `${sandbox}/control/accounts`, {
        username: `bench_shop_${i}`,
      });
      accounts.push(account.id);
    }
    for (const id of accounts)
      await connectSandboxAccount(base, session, id, separate ? "instagram" : "sandbox");

    if (options.sendsPerSecond !== undefined) {
      await json("PUT", `${sandbox}/control/settings`, { sendsPerSecond: options.sendsPerSecond });
    }
    await json("POST", `${base}/api/automations`, {
      version: 1,
      name: "Price",
      trigger: { type: "dm_keyword" },
      conditions: { keywords: [{ text: "price", match: "contains" }] },
      actions: [{ type: "send_text", variations: ["The course is €49. Want the details?"] }],
    });

    const warmupPeople = 20;
    const tag = Date.now().toString(36);
    const usernames = Array.from({ length: options.people + warmupPeople }, (_, i) => `b${tag}_${i}`);
    const ids: string[] = [];
    await inParallel(usernames, 16, async (username) => {
      const { person } = await json<{ person: { igsid: string } }>("POST", `${sandbox}/control/people`, {
        username,
      });
      ids.push(person.igsid);
    });
    const setupMs = performance.now() - setupStarted;
    progress(`${target}: up, connected, ${ids.length} people created in ${Math.round(setupMs)} ms`);

    // Warm-up: a few DMs end to end (pools, JIT, the engine cache), not measured.
    const warmIds = ids.slice(0, warmupPeople);
    await drive(sandbox, warmIds, accounts, 20, 1);
    const waitFor = async (expected: number, sinceMs: number, timeoutS: number) => {
      const deadline = Date.now() + timeoutS * 1000;
      for (;;) {
        const { rows } = await runtime.database.pool.query<{ n: string }>(
          `select count(*)::text as n from autodm.activity a
             join autodm.inbound_events ie on ie.id = a.event_id
            where a.status <> 'pending' and (ie.event->>'timestamp')::float8 >= $1`,
          [sinceMs],
        );
        const n = Number(rows[0]?.n ?? 0);
        if (n >= expected || Date.now() > deadline) return n;
        await sleep(250);
      }
    };
    await waitFor(warmupPeople, 0, 30);

    const { monitorEventLoopDelay } = await import("node:perf_hooks");
    const loop = monitorEventLoopDelay({ resolution: 10 });
    const measuredFrom = Date.now();
    progress(
      `${target}: driving ${options.rate} DMs/s for ${options.duration} s over ${options.people} people and ${accounts.length} accounts`,
    );
    loop.enable();
    const driven = await drive(sandbox, ids.slice(warmupPeople), accounts, options.rate, options.duration);
    progress(
      `${target}: sent ${driven.sent}/${driven.planned} (${driven.achievedRate.toFixed(0)}/s), ` +
        `control ack p99 ${driven.controlAck?.p99.toFixed(0)} ms; waiting for replies`,
    );
    const settled = await waitFor(driven.sent, measuredFrom, options.settleS);
    loop.disable();

    const pool = runtime.database.pool;
    const times = await replyTimes(pool, measuredFrom);
    const { rows: act } = await pool.query<{ status: string; n: string }>(
      `select a.status::text as status, count(*)::text as n from autodm.activity a
         join autodm.inbound_events ie on ie.id = a.event_id
        where (ie.event->>'timestamp')::float8 >= $1 group by 1`,
      [measuredFrom],
    );
    const { rows: lat } = await pool.query<{ ms: number }>(
      `select a.latency_ms as ms from autodm.activity a
         join autodm.inbound_events ie on ie.id = a.event_id
        where a.status = 'success' and a.latency_ms is not null
          and (ie.event->>'timestamp')::float8 >= $1`,
      [measuredFrom],
    );
    const { rows: deliveries } = await pool.query<{ n: number; ms: number | null }>(
      `select cardinality(event_ids) as n, duration_ms as ms from autodm.sandbox_deliveries
        where attempted_at >= to_timestamp($1::float8 / 1000)`,
      [measuredFrom],
    );
    const { rows: runRows } = await pool.query<{ status: string; reason: string | null; n: string }>(
      `select r.status::text as status, r.parked_reason as reason, count(*)::text as n
         from autodm.automation_runs r join autodm.inbound_events ie on ie.id = r.event_id
        where (ie.event->>'timestamp')::float8 >= $1 group by 1, 2`,
      [measuredFrom],
    );
    const { rows: eventRows } = await pool.query<{ status: string; n: string }>(
      `select status::text as status, count(*)::text as n from autodm.inbound_events
        where (event->>'timestamp')::float8 >= $1 group by 1`,
      [measuredFrom],
    );
    const postMs = deliveries.map((d) => d.ms).filter((v): v is number => v !== null);
    const result: BackendRun = {
      target,
      label,
      status: "ok",
      setupMs,
      drive: driven,
      activityStatuses: Object.fromEntries(act.map((r) => [r.status, Number(r.n)])),
      missing: Math.max(0, driven.sent - settled),
      runStatuses: Object.fromEntries(
        runRows.map((r) => [`${r.status}${r.reason ? `:${r.reason}` : ""}`, Number(r.n)]),
      ),
      eventStatuses: Object.fromEntries(eventRows.map((r) => [r.status, Number(r.n)])),
      loadAverage: os.loadavg().map((v) => Math.round(v * 100) / 100),
      latency: breakdown(
        times,
        lat.map((r) => Number(r.ms)),
      ),
      deliveries: {
        batches: deliveries.length,
        meanEvents: deliveries.length
          ? deliveries.reduce((a, d) => a + Number(d.n), 0) / deliveries.length
          : 0,
        postMs: postMs.length ? summarize(postMs) : null,
      },
      eventLoopDelayMs: {
        p50: loop.percentile(50) / 1e6,
        p99: loop.percentile(99) / 1e6,
        max: loop.max / 1e6,
      },
    };
    const l = result.latency;
    progress(
      `${target}: activity ${JSON.stringify(result.activityStatuses)}, runs ${JSON.stringify(result.runStatuses)}, ` +
        `events ${JSON.stringify(result.eventStatuses)}, load ${result.loadAverage?.join(" ")}`,
    );
    progress(
      `${target}: ${l?.replies} replies; end-to-end p50 ${l?.endToEnd?.p50.toFixed(0)} / p99 ${l?.endToEnd?.p99.toFixed(0)} ms; ` +
        `autodm's part p50 ${l?.autodmOwn?.p50.toFixed(0)} / p99 ${l?.autodmOwn?.p99.toFixed(0)} ms`,
    );
    return result;
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    progress(`${target}: failed: ${message}`);
    return { target, label, status: "failed", error: message.split("\n")[0] };
  } finally {
    const failures = await cleanup.run();
    for (const f of failures) progress(`cleanup failed: ${f.what}: ${String(f.error)}`);
  }
}

const ms = (s: LatencySummary | null | undefined, key: "p50" | "p99") => (s ? s[key].toFixed(0) : "–");

function table(runs: BackendRun[], options: Options): string {
  const header = [
    "backend",
    `DMs sent (${options.rate}/s)`,
    "replies",
    "person → reply p50",
    "p99",
    "webhook stored → reply p50",
    "p99",
    "sandbox delivery p50",
    "p99",
    "stored → run p50",
    "p99",
    "activity latencyMs p50",
    "p99",
  ];
  const rows = runs.map((r) => {
    if (r.status !== "ok" || !r.latency || !r.drive) return [r.label, `failed: ${r.error ?? ""}`];
    const l = r.latency;
    return [
      r.label,
      `${r.drive.sent} (${r.drive.achievedRate.toFixed(0)}/s)`,
      `${l.replies}${r.missing ? ` (${r.missing} missing)` : ""}`,
      ms(l.endToEnd, "p50"),
      ms(l.endToEnd, "p99"),
      ms(l.autodmOwn, "p50"),
      ms(l.autodmOwn, "p99"),
      ms(l.sandboxDelivery, "p50"),
      ms(l.sandboxDelivery, "p99"),
      ms(l.queueAndDecide, "p50"),
      ms(l.queueAndDecide, "p99"),
      ms(l.activityLatency, "p50"),
      ms(l.activityLatency, "p99"),
    ];
  });
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    line(header),
    `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
    ...rows.map(line),
  ].join("\n");
}

function verdicts(runs: BackendRun[]): string[] {
  const goals: Record<Target, number> = { "postgres-redis": 100, embedded: 250 };
  return runs
    .filter((r) => r.status === "ok" && r.latency)
    .map((r) => {
      const goal = goals[r.target];
      const e2e = r.latency?.endToEnd?.p99;
      const own = r.latency?.autodmOwn?.p99;
      const say = (v: number | undefined) =>
        v === undefined
          ? "–"
          : v <= goal
            ? `${v.toFixed(0)} ms: met`
            : `${v.toFixed(0)} ms: MISSED by ${(v - goal).toFixed(0)} ms`;
      return `${r.label}: target p99 ≤ ${goal} ms — person → reply ${say(e2e)}; webhook stored → reply ${say(own)}`;
    });
}

async function main(): Promise<number> {
  const options = readOptions(parseOptions, USAGE);
  if (typeof options === "number") return options;
  const startedAt = new Date();
  warnIfBusy(progress);
  const runs: BackendRun[] = [];
  for (const target of options.targets) runs.push(await benchBackend(target, options));

  console.log([table(runs, options), "", ...verdicts(runs)].join("\n"));
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `latency-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  const { services: _services, ...settings } = options;
  fs.writeFileSync(
    file,
    `${JSON.stringify({ benchmark: "reply-latency", startedAt: startedAt.toISOString(), machine: machine(), settings, runs }, null, 2)}\n`,
  );
  progress(`raw results: ${path.relative(process.cwd(), file)}`);
  return runs.some((r) => r.status !== "ok") ? 1 : 0;
}

process.exitCode = await main();
// Pools and timers of stopped runtimes can linger a moment; the work is done.
setTimeout(() => process.exit(), 2_000).unref();
