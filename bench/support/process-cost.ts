/**
 * What one autodm process has spent so far, read from its own /metrics: CPU (prom-client's
 * default `process_cpu_*_seconds_total`, i.e. `process.cpuUsage()` at scrape time) and SQL
 * statements (`autodm_sql_statements_total{pool}`, src/server/db/statement-counter.ts).
 * Cumulative since the process started; the cost of a phase is the difference of two reads.
 */
export interface ProcessCost {
  cpuUs: number;
  /** Of which in the kernel (syscalls: socket writes and reads, one or more per statement). */
  systemUs: number;
  /** Statements by pool (the client's application_name: autodm-web, autodm-queue…). */
  statements: Record<string, number>;
}

const CPU = /^autodm_process_cpu_(user|system)_seconds_total(?:\{[^}]*\})? ([0-9.e+-]+)$/;
const SQL = /^autodm_sql_statements_total\{pool="([^"]*)"\} ([0-9.e+-]+)$/;

export function parseProcessCost(exposition: string): ProcessCost {
  let cpuS = 0;
  let systemS = 0;
  const statements: Record<string, number> = {};
  for (const line of exposition.split("\n")) {
    const cpu = CPU.exec(line);
    if (cpu) cpuS += Number(cpu[2]);
    if (cpu?.[1] === "system") systemS += Number(cpu[2]);
    const sql = SQL.exec(line);
    if (sql) statements[sql[1] as string] = Number(sql[2]);
  }
  return { cpuUs: Math.round(cpuS * 1e6), systemUs: Math.round(systemS * 1e6), statements };
}

export async function readProcessCost(metricsUrl: string): Promise<ProcessCost> {
  const res = await fetch(metricsUrl);
  if (!res.ok) throw new Error(`${metricsUrl} → ${res.status}`);
  return parseProcessCost(await res.text());
}

export function subtractCost(after: ProcessCost, before: ProcessCost): ProcessCost {
  const statements: Record<string, number> = {};
  for (const [pool, n] of Object.entries(after.statements))
    statements[pool] = n - (before.statements[pool] ?? 0);
  return { cpuUs: after.cpuUs - before.cpuUs, systemUs: after.systemUs - before.systemUs, statements };
}

export const totalStatements = (cost: ProcessCost) =>
  Object.values(cost.statements).reduce((a, n) => a + n, 0);
