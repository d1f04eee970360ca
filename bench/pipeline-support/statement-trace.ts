/**
 * Preloaded into autodm's processes by `--profile` (node --import): records every statement
 * the process sends — its SQL text (parameters apart: drizzle binds them) and the pool (the
 * client's application_name) — and writes the tally to $STATEMENT_TRACE_DIR/<pid>.json at
 * exit. (Not the calling source: most queries are awaited as drizzle thenables, whose `then`
 * runs from a microtask, so the stack no longer shows who asked; the SQL says it.) The bench
 * sends SIGUSR2 when its measured phase starts (the tally restarts) and again when it ends
 * (the tally stops); both moments are written too, on the monotonic clock V8's CPU profiles
 * use, so the profile can be cut to the same window.
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export interface TracedStatement {
  sql: string;
  pool: string;
  count: number;
}

const dir = process.env.STATEMENT_TRACE_DIR;
const tally = new Map<string, TracedStatement>();
const marksUs: number[] = [];
let counting = true;

if (dir) {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function tracedQuery(
    this: { connectionParameters?: { application_name?: string } },
    ...args
  ) {
    if (!counting) return original.apply(this, args);
    const first = args[0] as string | { text?: string; name?: string } | undefined;
    const text = typeof first === "string" ? first : (first?.text ?? first?.name ?? "?");
    const sql = text.replace(/\s+/g, " ").trim().slice(0, 400);
    const pool = this.connectionParameters?.application_name ?? "unnamed";
    const key = `${pool}\u0000${sql}`;
    const row = tally.get(key) ?? { sql, pool, count: 0 };
    row.count++;
    tally.set(key, row);
    return original.apply(this, args);
  };
  process.on("SIGUSR2", () => {
    marksUs.push(Number(process.hrtime.bigint() / 1000n));
    if (marksUs.length === 1) tally.clear();
    else counting = false;
  });
  process.on("exit", () => {
    fs.writeFileSync(
      path.join(dir, `${process.pid}.json`),
      JSON.stringify({
        pid: process.pid,
        argv: process.argv.slice(2),
        marksUs,
        statements: [...tally.values()],
      }),
    );
  });
}
