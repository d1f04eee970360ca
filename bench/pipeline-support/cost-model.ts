import type { Redis } from "ioredis";
import type pg from "pg";
import { backendCpu, backendCpuDelta } from "../support/postgres-activity.ts";
import { type ProcessCost, readProcessCost, subtractCost, totalStatements } from "../support/process-cost.ts";
import {
  type RedisStats,
  readRedisStats,
  scriptCalls,
  subtractRedis,
  totalCommands,
} from "../support/redis-stats.ts";

/**
 * The cost model of issue 17: what autodm's processes spend per DM. A snapshot reads, at one
 * moment, every autodm process's cumulative CPU and SQL statements (its /metrics), the Redis
 * server's command counts and CPU, and the CPU of the PostgreSQL backends serving autodm's
 * database. A phase's cost is the difference of two snapshots, less one scrape's own cost
 * (each /metrics read counts the queue's jobs first: a few statements or Redis commands,
 * measured by two snapshots back to back), divided by the DMs replied.
 */
export interface CostSources {
  processes: { role: string; metricsUrl: string }[];
  redis?: Redis;
  /** An admin connection on another database, and autodm's database name (PostgreSQL only). */
  postgres?: { admin: pg.Pool; database: string };
}

export interface CostSnapshot {
  atMs: number;
  processes: ProcessCost[];
  redis: RedisStats | null;
  pgBackends: Map<number, number> | null;
}

export async function costSnapshot(sources: CostSources): Promise<CostSnapshot> {
  const atMs = Date.now();
  const processes = await Promise.all(sources.processes.map((p) => readProcessCost(p.metricsUrl)));
  const redis = sources.redis ? await readRedisStats(sources.redis) : null;
  const pgBackends = sources.postgres
    ? await backendCpu(sources.postgres.admin, sources.postgres.database)
    : null;
  return { atMs, processes, redis, pgBackends };
}

export interface CostDelta {
  seconds: number;
  /** Per process, in the order of `sources.processes`. */
  processes: ProcessCost[];
  redis: RedisStats | null;
  pgCpuUs: number | null;
  pgBackendsVanished: number;
}

export function costBetween(a: CostSnapshot, b: CostSnapshot, minus?: CostDelta): CostDelta {
  const processes = b.processes.map((p, i) => {
    const d = subtractCost(p, a.processes[i] as ProcessCost);
    return minus ? subtractCost(d, minus.processes[i] as ProcessCost) : d;
  });
  let redis = a.redis && b.redis ? subtractRedis(b.redis, a.redis) : null;
  if (redis && minus?.redis) redis = subtractRedis(redis, minus.redis);
  const pg = a.pgBackends && b.pgBackends ? backendCpuDelta(a.pgBackends, b.pgBackends) : null;
  return {
    seconds: (b.atMs - a.atMs) / 1000,
    processes,
    redis,
    pgCpuUs: pg ? pg.cpuUs - (minus?.pgCpuUs ?? 0) : null,
    pgBackendsVanished: pg?.vanished ?? 0,
  };
}

/** "web/app", "worker/queue"…: who sent the statements (role) through which pool. */
function poolKind(pool: string): string {
  if (pool === "autodm-queue") return "queue";
  if (pool.startsWith("autodm-")) return "app";
  return pool;
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

export interface CostPerDm {
  dms: number;
  seconds: number;
  /** CPU ms of autodm's processes per DM, in all and by role. */
  cpuMs: number;
  cpuMsByRole: Record<string, number>;
  /** Share of that CPU spent in the kernel (system time). */
  systemShare: number;
  /** autodm's CPU over the phase ÷ its wall time: how many cores it kept busy. */
  cores: number;
  statements: number;
  statementsBy: Record<string, number>;
  /** As Redis counts them: every command, those inside BullMQ's Lua scripts included. */
  redisCommands: number | null;
  /** Of those, script calls (EVALSHA…): round trips that ran a script. */
  redisScripts: number | null;
  redisTop: Record<string, number> | null;
  /** The servers' side: PostgreSQL backends of autodm's database; Redis (server-wide). */
  postgresCpuMs: number | null;
  redisCpuMs: number | null;
  pgBackendsVanished: number;
}

export function perDm(sources: CostSources, delta: CostDelta, dms: number): CostPerDm {
  const n = Math.max(1, dms);
  const cpuByRole: Record<string, number> = {};
  const stmtBy: Record<string, number> = {};
  let cpuUs = 0;
  let systemUs = 0;
  let statements = 0;
  delta.processes.forEach((p, i) => {
    const role = sources.processes[i]?.role ?? "?";
    cpuUs += p.cpuUs;
    systemUs += p.systemUs;
    cpuByRole[role] = (cpuByRole[role] ?? 0) + p.cpuUs;
    statements += totalStatements(p);
    for (const [pool, count] of Object.entries(p.statements)) {
      const key = `${role}/${poolKind(pool)}`;
      stmtBy[key] = (stmtBy[key] ?? 0) + count;
    }
  });
  const redis = delta.redis;
  const top = redis
    ? Object.fromEntries(
        Object.entries(redis.commands)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 8)
          .map(([cmd, c]) => [cmd, round(c / n)]),
      )
    : null;
  return {
    dms,
    seconds: round(delta.seconds, 1),
    cpuMs: round(cpuUs / 1000 / n),
    cpuMsByRole: Object.fromEntries(Object.entries(cpuByRole).map(([r, us]) => [r, round(us / 1000 / n)])),
    systemShare: round(systemUs / Math.max(1, cpuUs)),
    cores: round(cpuUs / 1e6 / Math.max(0.001, delta.seconds)),
    statements: round(statements / n),
    statementsBy: Object.fromEntries(
      Object.entries(stmtBy)
        .filter(([, c]) => c !== 0)
        .map(([k, c]) => [k, round(c / n)]),
    ),
    redisCommands: redis ? round(totalCommands(redis) / n) : null,
    redisScripts: redis ? round(scriptCalls(redis) / n) : null,
    redisTop: top,
    postgresCpuMs: delta.pgCpuUs === null ? null : round(delta.pgCpuUs / 1000 / n),
    redisCpuMs: redis ? round(redis.cpuUs / 1000 / n) : null,
    pgBackendsVanished: delta.pgBackendsVanished,
  };
}

/** The background cost per second when nothing happens (after the scrapes' own cost). */
export function idleRates(sources: CostSources, idle: CostDelta) {
  const perSecond = perDm(sources, idle, 1);
  const s = Math.max(0.001, idle.seconds);
  return {
    seconds: idle.seconds,
    cpuMsPerS: round(perSecond.cpuMs / s),
    statementsPerS: round(perSecond.statements / s),
    redisCommandsPerS: perSecond.redisCommands === null ? null : round(perSecond.redisCommands / s),
  };
}

/** One scrape's own cost: two snapshots back to back. */
export async function scrapeCost(sources: CostSources): Promise<CostDelta> {
  const a = await costSnapshot(sources);
  const b = await costSnapshot(sources);
  return costBetween(a, b);
}
