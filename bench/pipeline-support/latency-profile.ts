import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type ProfileSummary, summarizeProfile } from "./cpu-profile.ts";
import type { TracedStatement } from "./statement-trace.ts";

/**
 * A profiled run's findings, per DM of its measured phase: where each autodm process spent
 * its CPU (node --cpu-prof, cut to the phase) and which statements it sent from which part
 * of the pipeline (statement-trace.ts), and on Redis which commands were round trips and
 * which ran inside scripts (MONITOR).
 */
export interface RunProfile {
  processes: {
    role: string;
    pid: number;
    cpu: ProfileSummary | null;
    statementsPerDm: number;
    /** Statements per DM by pipeline stage (from their SQL). */
    byStage: Record<string, number>;
    /** The most sent statements, per DM. */
    top: { perDm: number; pool: string; stage: string; sql: string }[];
  }[];
  redis?: { clientPerDm: Record<string, number>; luaPerDm: Record<string, number> };
}

/** Which part of the pipeline sends a statement, from its SQL (robust to files moving). */
const STAGES: [RegExp, string][] = [
  [/^(begin|commit|rollback)\b/i, "transactions"],
  [/webhook_payloads/, "receiver"],
  [/"inbound_events"/, "mailbox"],
  [/"instagram_accounts"/, "event handler: account"],
  [/insert into "autodm"."contacts"/, "event handler: contact upsert"],
  [/"autodm"."automations"/, "event handler: engine cache check"],
  [/^(select .* from|insert into) "autodm"."automation_runs"/, "event handler: run lookup/insert"],
  [/"automation_runs"/, "runner"],
  [/"autodm"."activity"/, "activity"],
  [/from "autodm"."outbound_messages" where .*"recipient_id"/, "event handler: echo reconcile"],
  [/send_buckets/, "sender: pacing"],
  [/"outbound_messages"|update "autodm"."contacts"/, "sender"],
];

export function stageOf(sql: string, pool: string): string {
  if (pool === "autodm-queue") return "queue";
  return STAGES.find(([re]) => re.test(sql))?.[1] ?? "other";
}

const round = (v: number) => Math.round(v * 100) / 100;
const perDmOf = (counts: Record<string, number>, dms: number) =>
  Object.fromEntries(
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => [k, round(n / dms)]),
  );

export function collectProfile(
  dir: string,
  processes: { role: string; pid: number }[],
  dms: number,
  redis?: { client: Record<string, number>; lua: Record<string, number> },
): RunProfile {
  const n = Math.max(1, dms);
  const files = fs.readdirSync(dir);
  const kept = path.join(path.dirname(fileURLToPath(import.meta.url)), "../results");
  fs.mkdirSync(kept, { recursive: true });
  return {
    processes: processes.map(({ role, pid }) => {
      const traceFile = path.join(dir, `${pid}.json`);
      const trace = fs.existsSync(traceFile)
        ? (JSON.parse(fs.readFileSync(traceFile, "utf8")) as {
            marksUs: number[];
            statements: TracedStatement[];
          })
        : { marksUs: [], statements: [] };
      const [fromUs, toUs] = trace.marksUs;
      const prof = files.find((f) => f.endsWith(".cpuprofile") && f.includes(`.${pid}.`));
      let cpu: ProfileSummary | null = null;
      if (prof) {
        const copy = path.join(kept, `latency-${role}-${pid}-${Date.now()}.cpuprofile`);
        fs.copyFileSync(path.join(dir, prof), copy);
        cpu = summarizeProfile(
          copy,
          25,
          fromUs !== undefined && toUs !== undefined ? { fromUs, toUs } : undefined,
        );
      }
      const byStage: Record<string, number> = {};
      let total = 0;
      for (const s of trace.statements) {
        const stage = stageOf(s.sql, s.pool);
        byStage[stage] = (byStage[stage] ?? 0) + s.count;
        total += s.count;
      }
      const top = [...trace.statements]
        .sort((a, b) => b.count - a.count)
        .slice(0, 25)
        .map((s) => ({
          perDm: round(s.count / n),
          pool: s.pool,
          stage: stageOf(s.sql, s.pool),
          sql: s.sql.slice(0, 160),
        }));
      return { role, pid, cpu, statementsPerDm: round(total / n), byStage: perDmOf(byStage, n), top };
    }),
    ...(redis ? { redis: { clientPerDm: perDmOf(redis.client, n), luaPerDm: perDmOf(redis.lua, n) } } : {}),
  };
}
