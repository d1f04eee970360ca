import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { DEMO } from "../../src/server/sandbox/index.ts";
import { TEST_APP } from "../../test/support/sandbox-test-kit.ts";
import { type BackendName, provisionBackend, type Services } from "../support/backends.ts";
import { CleanupStack } from "../support/cleanup.ts";
import { freePort } from "../support/cli.ts";
import { type LockSamples, sampleLocks } from "../support/postgres-activity.ts";
import { connectStatsClient, monitorRedis } from "../support/redis-stats.ts";
import { type LatencySummary, summarize } from "../support/stats.ts";
import { embeddedDatabaseUrl, startFleet } from "./autodm-processes.ts";
import {
  type CostPerDm,
  type CostSources,
  costBetween,
  costSnapshot,
  idleRates,
  perDm,
  scrapeCost,
} from "./cost-model.ts";
import { type DriveResult, drive, inParallel, JsonClient } from "./latency-driver.ts";
import { collectProfile, type RunProfile } from "./latency-profile.ts";
import {
  breakdown,
  checkDelivery,
  type DeliveryCheck,
  type LatencyBreakdown,
  replyTimes,
  sandboxMessages,
} from "./reply-probe.ts";
import { startSandboxProcess } from "./sandbox-launcher.ts";
import { connectSandboxAccount, signUpOwner } from "./session.ts";

/**
 * One run of the reply-latency bench on one backend: autodm as real processes (one `start`
 * embedded; one `web` and N `worker`s on PostgreSQL), the sandbox as Instagram in a process and
 * database of its own, people DMing a keyword at a steady rate; then the latency (from the
 * databases), exactly-once and order (from Instagram's side), and the cost per DM.
 */
export type Target = "embedded" | "postgres" | "postgres-redis";
export const TARGETS: readonly Target[] = ["embedded", "postgres", "postgres-redis"];
export const LABELS: Record<Target, string> = {
  embedded: "embedded (PGlite, BullMQ-Postgres)",
  postgres: "PostgreSQL (BullMQ-Postgres)",
  "postgres-redis": "PostgreSQL + Redis",
};
const BACKEND: Record<Target, BackendName> = {
  embedded: "pglite",
  postgres: "postgres",
  "postgres-redis": "redis",
};
const TRACE = path.join(path.dirname(fileURLToPath(import.meta.url)), "statement-trace.ts");

export interface RunOptions {
  rate: number;
  duration: number;
  people: number;
  accounts: number;
  settleS: number;
  sendsPerSecond: number | undefined;
  /** separate: its own process and database (the default); in-process: autodm's built-in one. */
  sandbox: "separate" | "in-process";
  /** Worker processes beside one web process; 0 = one `autodm start` (forced embedded). */
  workers: number;
  /** Extra autodm variables (WORKER_CONCURRENCY, DB_POOL_MAX) when given. */
  appEnv: Record<string, string>;
  services: Services;
  /** Profile autodm's processes (node --cpu-prof, statement trace, Redis MONITOR). */
  profile: boolean;
  progress: (message: string) => void;
}

export interface BackendRun {
  target: Target;
  label: string;
  workers: number;
  status: "ok" | "failed";
  error?: string;
  setupMs?: number;
  drive?: DriveResult;
  activityStatuses?: Record<string, number>;
  runStatuses?: Record<string, number>;
  /** inbound_events of the window (DMs and the echoes of the replies) by status. */
  eventStatuses?: Record<string, number>;
  /** 1/5/15-minute load averages before and after the measured phase. */
  loadBefore?: number[];
  loadAfter?: number[];
  /** Replies missing when the settle time ran out. */
  missing?: number;
  latency?: LatencyBreakdown;
  delivery?: DeliveryCheck;
  cost?: CostPerDm;
  idle?: ReturnType<typeof idleRates>;
  locks?: LockSamples;
  deliveries?: { batches: number; meanEvents: number; postMs: LatencySummary | null };
  profile?: RunProfile;
}

const load = () => os.loadavg().map((v) => Math.round(v * 100) / 100);

async function count(pool: pg.Pool, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

/** Replies Instagram (the sandbox) recorded since `sinceMs`, until `expected` or the deadline. */
async function waitReplies(sandbox: pg.Pool, expected: number, sinceMs: number, timeoutS: number) {
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    const n = await count(
      sandbox,
      `select count(*)::text as n from autodm.sandbox_messages
        where direction = 'outbound' and source = 'api' and created_at >= to_timestamp($1::float8 / 1000)`,
      [sinceMs],
    );
    if (n >= expected || Date.now() > deadline) return n;
    await sleep(250);
  }
}

/** Until nothing is left to do: no webhook waiting in Instagram's outbox, no event pending in autodm. */
async function waitQuiet(app: pg.Pool, sandbox: pg.Pool, timeoutS: number) {
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    const outbox = await count(
      sandbox,
      `select count(*)::text as n from autodm.sandbox_outbox where status = 'pending'`,
    );
    const pending = outbox
      ? 1
      : await count(app, `select count(*)::text as n from autodm.inbound_events where status = 'pending'`);
    if ((outbox === 0 && pending === 0) || Date.now() > deadline) break;
    await sleep(250);
  }
  // The last mailbox jobs complete in the queue just after their events are marked processed.
  await sleep(500);
}

function probePool(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 2, application_name: "bench-probe" });
  pool.on("error", () => {});
  return pool;
}

export async function runLatency(target: Target, options: RunOptions): Promise<BackendRun> {
  const cleanup = new CleanupStack();
  const label = LABELS[target];
  const workers = target === "embedded" ? 0 : options.workers;
  const progress = (m: string) => options.progress(`${target}${workers > 1 ? ` ×${workers}` : ""}: ${m}`);
  try {
    const setupStarted = performance.now();
    const provisioned = await provisionBackend(BACKEND[target], options.services);
    cleanup.push("drop autodm's database / folder / Redis keys", () => provisioned.dispose());
    const separate = options.sandbox === "separate";
    const port = await freePort();
    const sandboxPort = await freePort();
    const outside = `http://127.0.0.1:${sandboxPort}/sandbox`;
    // Separate: autodm talks to the sandbox as to Meta, through Instagram Login and its hosts.
    const metaEnv: Record<string, string> = separate
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
    // autodm's TMPDIR is the bench's: the embedded database's socket folder is then found there.
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "autodm-bench-tmp-"));
    cleanup.push("remove the processes' TMPDIR", async () =>
      fs.rmSync(tmpDir, { recursive: true, force: true }),
    );
    const profileDir = options.profile
      ? fs.mkdtempSync(path.join(os.tmpdir(), "autodm-bench-prof-"))
      : undefined;
    if (profileDir)
      cleanup.push("remove the profiles' folder", async () =>
        fs.rmSync(profileDir, { recursive: true, force: true }),
      );

    let sandboxDb: pg.Pool | undefined;
    let sandbox = `http://127.0.0.1:${port}/sandbox`;
    if (separate) {
      const own = await provisionBackend("postgres", options.services);
      cleanup.push("drop the sandbox's database", () => own.dispose());
      const child = await startSandboxProcess(
        own.env.DATABASE_URL as string,
        sandboxPort,
        `http://127.0.0.1:${port}/webhooks/instagram`,
      );
      cleanup.push("stop the sandbox process", () => child.stop());
      sandboxDb = probePool(own.env.DATABASE_URL as string);
      cleanup.push("close the sandbox probe", () => (sandboxDb as pg.Pool).end());
      sandbox = outside;
    }
    const fleet = await startFleet({
      env: {
        NODE_ENV: "production",
        LOG_FORMAT: "json",
        TMPDIR: tmpDir,
        ...metaEnv,
        // Sessions must be signed alike by every process sharing a DATABASE_URL.
        AUTH_SECRET: randomBytes(32).toString("base64"),
        ...provisioned.env,
        ...options.appEnv,
        ...(profileDir ? { STATEMENT_TRACE_DIR: profileDir } : {}),
      },
      workers,
      port,
      execArgv: profileDir
        ? ["--cpu-prof", "--cpu-prof-dir", profileDir, "--import", "tsx", "--import", TRACE]
        : [],
    });
    cleanup.push("stop autodm's processes", () => fleet.stop());
    const base = fleet.url;
    const appUrl = provisioned.env.DATABASE_URL ?? embeddedDatabaseUrl(tmpDir);
    const app = probePool(appUrl);
    cleanup.push("close the autodm probe", () => app.end());
    const sandboxPool = sandboxDb ?? app;
    progress(
      `${fleet.processes.map((p) => `${p.role} (pid ${p.pid})`).join(", ")}; the sandbox ${separate ? "in its own process and database" : "inside autodm's web process"}`,
    );

    // The workspace owner signs up, then connects the sandbox's accounts through OAuth (the two
    // demo accounts, and more made in the sandbox when --accounts asks for more).
    const http = new JsonClient();
    http.session = await signUpOwner(base);
    const accounts: string[] = [DEMO.account.id, DEMO.secondAccount.id].slice(0, options.accounts);
    for (let i = accounts.length; i < options.accounts; i++) {
      const { account } = await http.json<{ account: { id: string } }>(
        "POST",
        `${sandbox}/control/accounts`,
        {
          username: `bench_shop_${i}`,
        },
      );
      accounts.push(account.id);
    }
    for (const id of accounts)
      await connectSandboxAccount(base, http.session, id, separate ? "instagram" : "sandbox");
    if (options.sendsPerSecond !== undefined)
      await http.json("PUT", `${sandbox}/control/settings`, { sendsPerSecond: options.sendsPerSecond });
    await http.json("POST", `${base}/api/automations`, {
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
      const { person } = await http.json<{ person: { igsid: string } }>("POST", `${sandbox}/control/people`, {
        username,
      });
      ids.push(person.igsid);
    });
    const setupMs = performance.now() - setupStarted;
    progress(`up, connected, ${ids.length} people created in ${Math.round(setupMs)} ms`);

    // Warm-up: a few DMs end to end (pools, JIT, the engine cache), not measured.
    await drive(http, sandbox, ids.slice(0, warmupPeople), accounts, 20, 1);
    await waitReplies(sandboxPool, warmupPeople, 0, 30);
    await waitQuiet(app, sandboxPool, 30);

    const sources: CostSources = {
      processes: fleet.processes.map((p) => ({ role: p.role, metricsUrl: p.metricsUrl })),
    };
    const redis = provisioned.env.REDIS_URL ? connectStatsClient(provisioned.env.REDIS_URL) : undefined;
    if (redis) {
      sources.redis = redis;
      cleanup.push("close the Redis stats client", async () => redis.disconnect());
    }
    let admin: pg.Pool | undefined;
    if (provisioned.env.DATABASE_URL) {
      admin = new pg.Pool({
        connectionString: options.services.databaseUrl,
        max: 3,
        application_name: "bench-admin",
      });
      cleanup.push("close the admin pool", () => (admin as pg.Pool).end());
      sources.postgres = { admin, database: new URL(provisioned.env.DATABASE_URL).pathname.slice(1) };
    }
    const scrape = await scrapeCost(sources);
    const idleFrom = await costSnapshot(sources);
    await sleep(3_000);
    const idle = idleRates(sources, costBetween(idleFrom, await costSnapshot(sources), scrape));

    const locks = sources.postgres
      ? sampleLocks(sources.postgres.admin, sources.postgres.database)
      : undefined;
    const monitor =
      options.profile && provisioned.env.REDIS_URL
        ? await monitorRedis(provisioned.env.REDIS_URL, provisioned.env.QUEUE_PREFIX as string)
        : undefined;
    const loadBefore = load();
    // Profiling: the statement traces restart now, and stop at the second signal.
    const mark = () => {
      if (profileDir) for (const p of fleet.processes) process.kill(p.pid, "SIGUSR2");
    };
    mark();
    const before = await costSnapshot(sources);
    const measuredFrom = before.atMs;
    progress(
      `driving ${options.rate} DMs/s for ${options.duration} s over ${options.people} people and ${accounts.length} accounts (load ${loadBefore.join(" ")})`,
    );
    const driven = await drive(
      http,
      sandbox,
      ids.slice(warmupPeople),
      accounts,
      options.rate,
      options.duration,
    );
    progress(
      `sent ${driven.sent}/${driven.planned} (${driven.achievedRate.toFixed(0)}/s); waiting for replies`,
    );
    const settled = await waitReplies(sandboxPool, driven.sent, measuredFrom, options.settleS);
    await waitQuiet(app, sandboxPool, 30);
    const after = await costSnapshot(sources);
    mark();
    const loadAfter = load();
    const lockSamples = await locks?.stop();
    const redisMonitor = await monitor?.stop();

    const messages = await sandboxMessages(sandboxPool, measuredFrom);
    const times = await replyTimes(app, messages, measuredFrom);
    const delivery = checkDelivery(messages, times);
    const byStatus = async (sql: string) => {
      const { rows } = await app.query<{ k: string; n: string }>(sql, [measuredFrom]);
      return Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
    };
    const windowed = `join autodm.inbound_events ie on ie.id = x.event_id where (ie.event->>'timestamp')::float8 >= $1`;
    const activityStatuses = await byStatus(
      `select x.status::text as k, count(*)::text as n from autodm.activity x ${windowed} group by 1`,
    );
    const runStatuses = await byStatus(
      `select x.status::text || coalesce(':' || x.parked_reason, '') as k, count(*)::text as n
         from autodm.automation_runs x ${windowed} group by 1`,
    );
    const eventStatuses = await byStatus(
      `select status::text as k, count(*)::text as n from autodm.inbound_events
        where (event->>'timestamp')::float8 >= $1 group by 1`,
    );
    const { rows: lat } = await app.query<{ ms: number }>(
      `select x.latency_ms as ms from autodm.activity x ${windowed} and x.status = 'success' and x.latency_ms is not null`,
      [measuredFrom],
    );
    const { rows: deliveries } = await sandboxPool.query<{ n: number; ms: number | null }>(
      `select cardinality(event_ids) as n, duration_ms as ms from autodm.sandbox_deliveries
        where attempted_at >= to_timestamp($1::float8 / 1000)`,
      [measuredFrom],
    );
    const postMs = deliveries.map((d) => d.ms).filter((v): v is number => v !== null);
    const latency = breakdown(
      times,
      lat.map((r) => Number(r.ms)),
    );
    const cost = perDm(sources, costBetween(before, after, scrape), latency.replies);
    const result: BackendRun = {
      target,
      label,
      workers,
      status: "ok",
      setupMs,
      drive: driven,
      activityStatuses,
      runStatuses,
      eventStatuses,
      loadBefore,
      loadAfter,
      missing: Math.max(0, driven.sent - settled),
      latency,
      delivery,
      cost,
      idle,
      ...(lockSamples ? { locks: lockSamples } : {}),
      deliveries: {
        batches: deliveries.length,
        meanEvents: deliveries.length
          ? deliveries.reduce((a, d) => a + Number(d.n), 0) / deliveries.length
          : 0,
        postMs: postMs.length ? summarize(postMs) : null,
      },
    };
    const l = latency;
    progress(
      `${l.replies} replies (${l.throughput?.toFixed(0)}/s); end-to-end p50 ${l.endToEnd?.p50.toFixed(0)} / p99 ${l.endToEnd?.p99.toFixed(0)} ms; ` +
        `CPU ${cost.cpuMs} ms/DM, ${cost.statements} statements/DM${cost.redisCommands !== null ? `, ${cost.redisCommands} Redis commands/DM` : ""}; ` +
        `lost ${delivery.lost}, doubled ${delivery.doubled}, threads out of order ${delivery.threadsOutOfOrder}; load ${loadAfter.join(" ")}`,
    );
    if (profileDir) {
      await fleet.stop(); // the profiles and traces are written at exit
      result.profile = collectProfile(profileDir, fleet.processes, latency.replies, redisMonitor);
    }
    return result;
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    progress(`failed: ${message}`);
    return { target, label, workers, status: "failed", error: message.split("\n")[0] };
  } finally {
    const failures = await cleanup.run();
    for (const f of failures) progress(`cleanup failed: ${f.what}: ${String(f.error)}`);
  }
}
