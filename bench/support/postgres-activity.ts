import { execFileSync } from "node:child_process";
import fs from "node:fs";
import type pg from "pg";

/**
 * What the PostgreSQL server does for one database, seen from an admin connection on another
 * database (so the observer is not among the observed): the CPU of the backends serving it
 * (their /proc/<pid>/stat, the server being on this machine) and samples of lock waits.
 * Connections named `bench-*` (the bench's own probes) are left out.
 */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

const OURS = `datname = $1 and application_name not like 'bench-%' and pid <> pg_backend_pid()`;

/** CPU µs of each backend now serving `database` (utime + stime of its process). */
export async function backendCpu(admin: pg.Pool, database: string): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ pid: number }>(`select pid from pg_stat_activity where ${OURS}`, [
    database,
  ]);
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // After "pid (comm) ", utime and stime are the 12th and 13th fields.
      cpu.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLK_TCK);
    } catch {
      // gone between the query and the read (or not on this machine): nothing to count
    }
  }
  return cpu;
}

/** CPU between two reads; backends born in between count from zero, those gone are reported. */
export function backendCpuDelta(before: Map<number, number>, after: Map<number, number>) {
  let cpuUs = 0;
  for (const [pid, us] of after) cpuUs += us - (before.get(pid) ?? 0);
  const vanished = [...before.keys()].filter((pid) => !after.has(pid)).length;
  return { cpuUs, backends: after.size, vanished };
}

export interface LockSamples {
  intervalMs: number;
  samples: number;
  /** Samples in which at least one backend of the database waited on a heavyweight lock. */
  samplesWithLockWait: number;
  /** Backend-samples waiting on a lock (wait_event_type = 'Lock'), and the most at once. */
  lockWaiters: number;
  maxLockWaiters: number;
  /** pg_locks rows not granted, summed over the samples. */
  notGranted: number;
  /** Mean backends in state 'active' per sample. */
  meanActive: number;
  /** What active backends were waiting on (type:event, or "cpu" when not waiting), backend-samples. */
  waits: Record<string, number>;
  /** The statements seen waiting on a lock, most frequent first. */
  lockedQueries: { query: string; samples: number }[];
}

/** Samples pg_stat_activity and pg_locks every `intervalMs` until `stop()`. */
export function sampleLocks(admin: pg.Pool, database: string, intervalMs = 100) {
  const out: LockSamples = {
    intervalMs,
    samples: 0,
    samplesWithLockWait: 0,
    lockWaiters: 0,
    maxLockWaiters: 0,
    notGranted: 0,
    meanActive: 0,
    waits: {},
    lockedQueries: [],
  };
  const locked = new Map<string, number>();
  let active = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      try {
        const [{ rows }, { rows: ng }] = await Promise.all([
          admin.query<{ type: string | null; event: string | null; state: string | null; query: string }>(
            `select wait_event_type as type, wait_event as event, state, left(query, 120) as query
               from pg_stat_activity where ${OURS}`,
            [database],
          ),
          admin.query<{ n: number }>(
            `select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
              where not l.granted and a.datname = $1`,
            [database],
          ),
        ]);
        out.samples++;
        out.notGranted += ng[0]?.n ?? 0;
        let waiting = 0;
        for (const r of rows) {
          if (r.state !== "active") continue;
          active++;
          const key = r.type ? `${r.type}:${r.event}` : "cpu";
          out.waits[key] = (out.waits[key] ?? 0) + 1;
          if (r.type === "Lock") {
            waiting++;
            const q = r.query.replace(/\s+/g, " ");
            locked.set(q, (locked.get(q) ?? 0) + 1);
          }
        }
        out.lockWaiters += waiting;
        out.maxLockWaiters = Math.max(out.maxLockWaiters, waiting);
        if (waiting > 0) out.samplesWithLockWait++;
      } catch {
        // a failed sample is skipped; the count of samples says how many were taken
      }
      await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (Date.now() - started))));
    }
  })();
  return {
    async stop(): Promise<LockSamples> {
      running = false;
      await loop;
      out.meanActive = out.samples ? active / out.samples : 0;
      out.lockedQueries = [...locked]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([query, samples]) => ({ query, samples }));
      return out;
    },
  };
}
