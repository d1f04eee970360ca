import pg from "pg";
import { Counter, type Registry } from "prom-client";

/**
 * Counts every statement this process sends to PostgreSQL (or PGlite, reached the same way):
 * each `pg.Client#query` call, whoever makes it — the app's pool, transactions' clients,
 * BullMQ's PostgreSQL backend (it is given a `pg.Pool`), LISTEN clients. A multi-statement
 * string sent in one call counts once: the figure is round trips, which is what costs.
 * Labelled by the client's `application_name` (autodm-web, autodm-worker, autodm-queue…), so
 * the app's statements and the queue's can be told apart. The hot path is one increment.
 */
interface Cell {
  n: number;
}

const cells = new Map<string, Cell>();
const CELL = Symbol("autodm.statementCell");
const INSTALLED = Symbol.for("autodm.statementCounter");

type CountedClient = pg.Client & {
  [CELL]?: Cell;
  connectionParameters?: { application_name?: string };
};

function cellOf(client: CountedClient): Cell {
  const pool = client.connectionParameters?.application_name || "unnamed";
  let cell = cells.get(pool);
  if (!cell) {
    cell = { n: 0 };
    cells.set(pool, cell);
  }
  client[CELL] = cell;
  return cell;
}

/** Idempotent: patches `pg.Client.prototype.query` once per process. */
export function installStatementCounter(): void {
  const proto = pg.Client.prototype as unknown as Record<symbol, boolean> & {
    query: (...args: unknown[]) => unknown;
  };
  if (proto[INSTALLED]) return;
  const original = proto.query;
  proto.query = function countedQuery(this: CountedClient, ...args: unknown[]) {
    (this[CELL] ?? cellOf(this)).n++;
    return original.apply(this, args);
  };
  proto[INSTALLED] = true;
}

/** Statements sent so far by this process, by pool (application_name). */
export function statementCounts(): Record<string, number> {
  return Object.fromEntries([...cells].map(([pool, cell]) => [pool, cell.n]));
}

/** `autodm_sql_statements_total{pool}` in `registry`, read from the counts at scrape time. */
export function registerStatementMetric(registry: Registry): Counter<"pool"> {
  return new Counter({
    name: "autodm_sql_statements_total",
    help: "SQL statements sent to the database by this process (pg client query calls), by pool",
    labelNames: ["pool"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [pool, cell] of cells) this.inc({ pool }, cell.n);
    },
  });
}
