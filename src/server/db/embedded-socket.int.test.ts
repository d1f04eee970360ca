import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";

/**
 * Issue 19: on the embedded socket every connection shares one PGlite session, and a failed
 * extended-protocol query used to leave that session skipping messages until *some* Sync —
 * its neighbours' Parse / Bind — so they failed with "bind message supplies 1 parameters, but
 * prepared statement "" requires 7". Each connection's unit must run alone and recover.
 */
describe.each(availableBackends())("one failing query leaves its neighbours alone on %s", (backendName) => {
  let backend: TestBackend;
  let pool: pg.Pool;
  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    pool = new pg.Pool({ connectionString: backend.databaseUrl, max: 12 });
    await pool.query("create table if not exists public.socket_probe (id int primary key, note text)");
  });
  afterAll(async () => {
    await pool?.end();
    await backend?.dispose();
  });

  const seven = (i: number) =>
    pool.query<{ s: number }>(
      "select ($1::int + $2::int + $3::int + $4::int + $5::int + $6::int + $7::int) as s",
      [i, 1, 1, 1, 1, 1, 1],
    );

  it("answers every good query while others fail at bind, execute and inside transactions", async () => {
    for (let round = 0; round < 15; round++) {
      const good = Array.from({ length: 10 }, (_, i) => seven(i + round));
      const bad = [
        // fails at Bind: not an integer
        pool.query("select $1::int as n", ["not a number"]),
        // fails at Execute
        pool.query("select 1 / $1::int as n", [0]),
        // a unique violation inside a transaction, rolled back by its owner
        (async () => {
          const client = await pool.connect();
          try {
            await client.query("begin");
            await client.query("insert into public.socket_probe (id, note) values ($1, $2)", [round, "a"]);
            await client.query("insert into public.socket_probe (id, note) values ($1, $2)", [round, "b"]);
          } finally {
            await client.query("rollback");
            client.release();
          }
        })(),
      ];
      const [goods, bads] = await Promise.all([Promise.allSettled(good), Promise.allSettled(bad)]);
      for (const [i, r] of goods.entries()) {
        expect(r.status, r.status === "rejected" ? String(r.reason) : "").toBe("fulfilled");
        if (r.status === "fulfilled") expect(r.value.rows[0]?.s).toBe(i + round + 6);
      }
      expect(
        bads.map((r) => (r.status === "rejected" ? (r.reason as { code?: string }).code : "ok")),
      ).toEqual(["22P02", "22012", "23505"]);
    }
    // Nothing of the rolled-back transactions stayed, and the session is usable.
    const { rows } = await pool.query("select count(*)::int as n from public.socket_probe");
    expect(rows[0]?.n).toBe(0);
  });

  it("keeps a transaction's statements together while other connections query", async () => {
    const client = await pool.connect();
    try {
      await client.query("begin");
      await client.query("insert into public.socket_probe (id, note) values (1000, 'tx')");
      // Others run meanwhile (on PGlite they wait for the transaction; they must not break it).
      const others = Promise.all(Array.from({ length: 5 }, (_, i) => seven(i)));
      await client.query("update public.socket_probe set note = $1 where id = $2", ["tx2", 1000]);
      await client.query("commit");
      const sums = await others;
      expect(sums.map((r) => r.rows[0]?.s)).toEqual([6, 7, 8, 9, 10]);
    } finally {
      client.release();
    }
    const { rows } = await pool.query("select note from public.socket_probe where id = 1000");
    expect(rows[0]?.note).toBe("tx2");
  });

  it("recovers when a connection dies in the middle of a transaction", async () => {
    const doomed = new pg.Client({ connectionString: backend.databaseUrl });
    await doomed.connect();
    doomed.on("error", () => {});
    await doomed.query("begin");
    await doomed.query("insert into public.socket_probe (id, note) values (2000, 'lost')");
    // Kill the socket without a rollback: the session must be freed for everyone else.
    (doomed as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const sums = await Promise.all(Array.from({ length: 4 }, (_, i) => seven(i)));
    expect(sums.map((r) => r.rows[0]?.s)).toEqual([6, 7, 8, 9]);
    const { rows } = await pool.query("select count(*)::int as n from public.socket_probe where id = 2000");
    expect(rows[0]?.n).toBe(0);
  });
});
