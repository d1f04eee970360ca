import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { createQueueBackend } from "../jobs/queue-backend.ts";
import { createLogger } from "../observability/logger.ts";
import { createDatabase } from "./database.ts";
import { runMigrations } from "./migrate.ts";
import { installStatementCounter, statementCounts } from "./statement-counter.ts";

installStatementCounter();

/**
 * The counter checked against the wire: a TCP proxy in front of the database counts the
 * statements that actually reach it — each simple Query ('Q') and each extended-protocol
 * Execute ('E') frontend message — so a statement sent some way the counter misses (another
 * pg copy, a client not built on pg.Client) shows up as a difference. BullMQ's PostgreSQL
 * backend is the one that matters: its queries are not ours, and its workers poll and LISTEN
 * on their own.
 */
function wireCounter(upstream: string) {
  const url = new URL(upstream);
  const host = decodeURIComponent(url.hostname);
  const target: net.NetConnectOpts = host.startsWith("/")
    ? { path: `${host}/.s.PGSQL.${url.port || 5432}` }
    : { host, port: Number(url.port || 5432) };
  let statements = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const db = net.connect(target);
    sockets.add(client).add(db);
    let pending = Buffer.alloc(0);
    let started = false; // the first message (startup, SSL or cancel request) has no type byte
    client.on("data", (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const head = started ? 1 : 0;
        if (pending.length < head + 4) break;
        const length = pending.readInt32BE(head);
        if (pending.length < head + length) break;
        if (started && (pending[0] === 0x51 || pending[0] === 0x45)) statements++; // 'Q' | 'E'
        pending = pending.subarray(head + length);
        started = true;
      }
      db.write(chunk);
    });
    db.on("data", (chunk) => client.write(chunk));
    const close = () => {
      client.destroy();
      db.destroy();
    };
    client.on("close", close).on("error", close);
    db.on("close", close).on("error", close);
  });
  return {
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as net.AddressInfo;
      const proxied = new URL(upstream);
      proxied.hostname = "127.0.0.1";
      proxied.port = String(port);
      return proxied.toString();
    },
    statements: () => statements,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const total = () => Object.values(statementCounts()).reduce((a, n) => a + n, 0);

// BullMQ-Postgres only: on PostgreSQL + Redis the queue sends no SQL.
describe.each(availableBackends().filter((b) => b !== "postgres+redis"))(
  "statement counter against the wire on %s",
  (backendName) => {
    let backend: TestBackend;
    let wire: ReturnType<typeof wireCounter>;
    let proxied: string;
    beforeAll(async () => {
      backend = await provisionBackend(backendName);
      const setup = createDatabase(backend.databaseUrl, { max: 1, applicationName: "wire-setup" });
      await runMigrations(setup.pool, {
        logger: createLogger({ log: { level: "silent", format: "json" }, version: "test" }),
        queueSchema: "bullmq",
      });
      await setup.close();
      wire = wireCounter(backend.databaseUrl);
      proxied = await wire.listen();
    });
    afterAll(async () => {
      await wire?.close();
      await backend?.dispose();
    });

    it("counts every statement BullMQ's PostgreSQL backend sends: add, claim, complete, LISTEN, close", async () => {
      const before = { counted: total(), wire: wire.statements() };
      const queues = createQueueBackend({
        redisUrl: undefined,
        databaseUrl: proxied,
        prefix: backend.queuePrefix,
        pgSchema: "bullmq",
        poolMax: 4,
        embedded: backendName === "pglite",
      });
      const queue = queues.createQueue("wire-count");
      const jobs = 20;
      let done = 0;
      let finish = () => {};
      const finished = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const worker = queues.createWorker(
        "wire-count",
        async () => {
          if (++done === jobs) finish();
        },
        { concurrency: 4 },
      );
      worker.on("error", () => {});
      for (let i = 0; i < jobs; i++) await queue.add("job", { i });
      await finished;
      await worker.close();
      await queue.close();
      await queues.close();

      const counted = total() - before.counted;
      const onWire = wire.statements() - before.wire;
      // At least one statement per job added: three per job is not a floor (53 were seen for
      // 20 jobs on a loaded machine — claims and completions can share statements).
      expect(onWire).toBeGreaterThanOrEqual(jobs);
      expect(counted).toBe(onWire);
    });

    it("counts the app pool's statements as they reach the database", async () => {
      const database = createDatabase(proxied, { max: 2, applicationName: "wire-app" });
      const before = { counted: statementCounts()["wire-app"] ?? 0, wire: wire.statements() };
      await database.pool.query("select 1");
      await database.pool.query("select $1::int", [2]);
      await database.db.transaction(async (tx) => {
        await tx.execute("select 3");
      });
      await database.close();
      const counted = (statementCounts()["wire-app"] ?? 0) - before.counted;
      expect(counted).toBe(5); // 2 + begin, select, commit
      expect(wire.statements() - before.wire).toBe(counted);
    });
  },
);
