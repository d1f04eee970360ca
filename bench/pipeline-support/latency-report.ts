import type { LatencySummary } from "../support/stats.ts";
import { formatProfile } from "./cpu-profile.ts";
import type { BackendRun, Target } from "./latency-run.ts";

/** The latency bench's Markdown tables: timings, cost per DM, scale-out, and the goals. */
const ms = (s: LatencySummary | null | undefined, key: "p50" | "p99") => (s ? s[key].toFixed(0) : "–");
const num = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? "–" : v.toFixed(digits);
const kv = (o: Record<string, number> | null | undefined) =>
  o
    ? Object.entries(o)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")
    : "–";

function markdown(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    line(header),
    `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
    ...rows.map(line),
  ].join("\n");
}

const processes = (r: BackendRun) => (r.workers === 0 ? "1 start" : `1 web + ${r.workers} worker`);
const failed = (r: BackendRun) => r.status !== "ok" || !r.latency || !r.drive || !r.cost;

export function latencyTable(runs: BackendRun[], rate: number): string {
  const header = [
    "backend",
    `DMs sent (${rate}/s)`,
    "replies",
    "person → reply p50",
    "p99",
    "webhook stored → reply p50",
    "p99",
    "sandbox delivery p50",
    "p99",
    "stored → run p50",
    "p99",
  ];
  return markdown(
    header,
    runs.map((r) => {
      if (failed(r)) return [r.label, `failed: ${r.error ?? ""}`];
      const l = r.latency as NonNullable<BackendRun["latency"]>;
      return [
        r.label,
        `${r.drive?.sent} (${r.drive?.achievedRate.toFixed(0)}/s)`,
        `${l.replies}${r.missing ? ` (${r.missing} missing)` : ""}`,
        ms(l.endToEnd, "p50"),
        ms(l.endToEnd, "p99"),
        ms(l.autodmOwn, "p50"),
        ms(l.autodmOwn, "p99"),
        ms(l.sandboxDelivery, "p50"),
        ms(l.sandboxDelivery, "p99"),
        ms(l.queueAndDecide, "p50"),
        ms(l.queueAndDecide, "p99"),
      ];
    }),
  );
}

const delivery = (r: BackendRun) =>
  r.delivery
    ? `${r.delivery.lost} / ${r.delivery.doubled} / ${r.delivery.threadsOutOfOrder} (arrived so ${r.delivery.threadsArrivedOutOfOrder}, autodm ${r.delivery.threadsRepliedOutOfArrivalOrder})`
    : "–";

export function costTable(runs: BackendRun[]): string {
  const header = [
    "backend",
    "processes",
    "replies/s",
    "CPU ms/DM",
    "by role",
    "kernel share",
    "cores busy",
    "SQL statements/DM",
    "by role/pool",
    "Redis commands/DM (scripts)",
    "PostgreSQL CPU ms/DM",
    "Redis CPU ms/DM",
    "lost / doubled / out of order",
  ];
  return markdown(
    header,
    runs.map((r) => {
      if (failed(r)) return [r.label, `failed: ${r.error ?? ""}`];
      const c = r.cost as NonNullable<BackendRun["cost"]>;
      return [
        r.label,
        processes(r),
        num(r.latency?.throughput, 0),
        num(c.cpuMs, 2),
        kv(c.cpuMsByRole),
        `${Math.round(c.systemShare * 100)} %`,
        num(c.cores, 2),
        num(c.statements, 1),
        kv(c.statementsBy),
        c.redisCommands === null ? "–" : `${num(c.redisCommands)} (${num(c.redisScripts)})`,
        num(c.postgresCpuMs, 2),
        num(c.redisCpuMs, 2),
        delivery(r),
      ];
    }),
  );
}

export function scaleTable(runs: BackendRun[]): string {
  const header = [
    "workers",
    "replies",
    "replies/s",
    "person → reply p50",
    "p99",
    "CPU ms/DM web",
    "workers",
    "total",
    "cores busy",
    "SQL/DM",
    "Redis/DM",
    "PostgreSQL CPU ms/DM",
    "lock waits (samples with / of, max at once)",
    "lost / doubled / out of order",
  ];
  return markdown(
    header,
    runs.map((r) => {
      if (failed(r)) return [String(r.workers), `failed: ${r.error ?? ""}`];
      const c = r.cost as NonNullable<BackendRun["cost"]>;
      const l = r.locks;
      return [
        String(r.workers),
        String(r.latency?.replies),
        num(r.latency?.throughput, 0),
        ms(r.latency?.endToEnd, "p50"),
        ms(r.latency?.endToEnd, "p99"),
        num(c.cpuMsByRole.web, 2),
        num(c.cpuMsByRole.worker, 2),
        num(c.cpuMs, 2),
        num(c.cores, 2),
        num(c.statements, 1),
        num(c.redisCommands),
        num(c.postgresCpuMs, 2),
        l ? `${l.samplesWithLockWait} / ${l.samples}, ${l.maxLockWaiters}` : "–",
        delivery(r),
      ];
    }),
  );
}

/** Issue 17's goals, at the operating point of the run. */
export function verdicts(runs: BackendRun[], rate: number): string[] {
  const p99Goal: Record<Target, number> = {
    "postgres-redis": rate >= 200 ? 250 : 100,
    postgres: rate >= 200 ? 250 : 100,
    embedded: 500,
  };
  const say = (v: number | undefined, goal: number, unit: string) =>
    v === undefined
      ? "–"
      : v <= goal
        ? `${v.toFixed(1)} ${unit}: met`
        : `${v.toFixed(1)} ${unit}: MISSED (goal ≤ ${goal})`;
  return runs
    .filter((r) => !failed(r))
    .map(
      (r) =>
        `${r.label}, ${processes(r)}: p99 ${say(r.latency?.endToEnd?.p99, p99Goal[r.target], "ms")}; ` +
        `CPU ${say(r.cost?.cpuMs, 2, "ms/DM")}; SQL ${say(r.cost?.statements, 8, "statements/DM")}`,
    );
}

export function profileReport(runs: BackendRun[]): string[] {
  const out: string[] = [];
  for (const r of runs) {
    if (!r.profile) continue;
    for (const p of r.profile.processes) {
      out.push(`## ${r.label}: ${p.role} (pid ${p.pid}), ${p.statementsPerDm} statements/DM`, "");
      out.push(
        `by stage: ${kv(p.byStage)}`,
        "",
        "| per DM | pool | stage | statement |",
        "|---:|---|---|---|",
      );
      for (const t of p.top)
        out.push(`| ${t.perDm} | ${t.pool} | ${t.stage} | ${t.sql.replace(/\|/g, "\\|")} |`);
      if (p.cpu) out.push("", formatProfile(p.cpu));
      out.push("");
    }
    if (r.profile.redis)
      out.push(
        `Redis per DM, sent by clients: ${kv(r.profile.redis.clientPerDm)}`,
        `inside scripts: ${kv(r.profile.redis.luaPerDm)}`,
        "",
      );
  }
  return out;
}
