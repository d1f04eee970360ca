import fs from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type AutodmProcess, spawnAutodm, waitFor } from "./support/autodm-process.ts";
import {
  availableBackends,
  type BackendName,
  freePort,
  freshPgliteDir,
  provisionBackend,
  type TestBackend,
} from "./support/backends.ts";
import { type Api, burst, Gate } from "./support/burst.ts";
import {
  expectExactlyOnce,
  BURST_KEYWORD as KEYWORD,
  replyCount,
  settledActivity,
  setUpBurst,
} from "./support/burst-checks.ts";
import { TEST_TOKEN_KEY } from "./support/test-config.ts";

/**
 * A burst of 2,000 DMs (200 people × 10, each person's in order, people in parallel) through
 * the sandbox — which delivers them to autodm as signed, batched webhooks — and a SIGKILL of
 * the worker in the middle of it. Afterwards every event was handled exactly once: each
 * person received exactly one reply per message (0 lost, 0 doubled), and the activity log has
 * exactly one successful row per event, in each person's order.
 */
const PEOPLE = 200;
const PER_PERSON = 10;
const EVENTS = PEOPLE * PER_PERSON;
/**
 * ~80 s on a quiet 2-CPU machine (embedded: ~25-35 events/s on PGlite); the bounds leave room
 * for a machine busy with other work.
 */
const SETTLE_MS = 200_000;
const TEST_MS = 360_000;

const t0 = Date.now();
const mark = (what: string) => {
  if (process.env.TEST_TIMINGS) process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${what}\n`);
};
const alive = (p: AutodmProcess) => p.child.exitCode === null && p.child.signalCode === null;
const replies = replyCount;
const settled = (api: Api) => settledActivity(api, EVENTS, mark);

describe("a burst of 2,000 events through a SIGKILL: autodm start on embedded PGlite", () => {
  const processes: AutodmProcess[] = [];
  let dir: string | undefined;
  afterAll(async () => {
    for (const p of processes) {
      if (alive(p)) {
        p.kill("SIGKILL");
        await p.exited();
      }
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    "handles every event exactly once after a kill and a restart",
    async () => {
      dir = freshPgliteDir();
      const port = await freePort();
      const env = {
        DATA_DIR: dir,
        PORT: String(port),
        APP_URL: `http://127.0.0.1:${port}`,
        TOKEN_ENCRYPTION_KEY: TEST_TOKEN_KEY,
        JOB_LOCK_MS: "2000",
        WORKER_CONCURRENCY: "20",
      };
      const first = spawnAutodm(["start"], env);
      processes.push(first);
      const base = await first.ready();
      const { api, people } = await setUpBurst(base, "pk", PEOPLE);
      mark("set up");

      // The one process is the sandbox too: hold the burst around the kill, so no request is
      // left with an unknown outcome (the test then knows exactly what each person sent).
      const gate = new Gate();
      const sending = burst({ api, people, perPerson: PER_PERSON, keyword: KEYWORD, parallel: 25, gate });
      sending.catch(() => {}); // awaited below; not an unhandled rejection if the test fails first
      await waitFor(
        "a quarter of the replies",
        async () => {
          await sleep(1_000);
          const n = await replies(api);
          mark(`${n} replies`);
          return n >= EVENTS / 4;
        },
        120_000,
      );
      await gate.close();
      mark(`killing at ${await replies(api)} replies`);
      first.kill("SIGKILL");
      expect(await first.exited()).toBe("SIGKILL");
      const again = spawnAutodm(["start"], env); // same folder, same port
      processes.push(again);
      expect(await again.ready()).toBe(base); // the API key and the data survived
      mark("restarted");
      gate.reopen();
      await sending;
      mark(`burst sent, ${await replies(api)} replies`);

      const rows = await waitFor("every event handled", () => settled(api), SETTLE_MS);
      mark("settled");
      await expectExactlyOnce(api, people, PER_PERSON, rows);
    },
    TEST_MS,
  );
});

const shared: BackendName[] = availableBackends().filter((b) => b === "postgres+redis");
// Without the real services the case is listed as skipped.
const cases: BackendName[] = shared.length > 0 ? shared : ["postgres+redis"];

describe.skipIf(shared.length === 0).each(cases)(
  "a burst of 2,000 events through a SIGKILL: web + 2 workers on %s",
  (backendName) => {
    const processes: AutodmProcess[] = [];
    const clients: pg.Client[] = [];
    let backend: TestBackend;
    afterAll(async () => {
      for (const p of processes) {
        if (alive(p)) {
          p.kill("SIGTERM");
          await p.exited();
        }
      }
      for (const c of clients) await c.end();
      await backend?.dispose();
    });

    it(
      "handles every event exactly once when a worker is killed mid-burst",
      async () => {
        backend = await provisionBackend(backendName);
        const port = await freePort();
        const env = {
          ...backend.env(),
          JOB_LOCK_MS: "2000",
          WORKER_CONCURRENCY: "10",
          MIGRATE_ON_BOOT: "false",
          PORT: String(port),
          APP_URL: `http://127.0.0.1:${port}`,
        };
        const migrate = spawnAutodm(["migrate"], env);
        processes.push(migrate);
        expect(await migrate.exited()).toBe(0);
        const web = spawnAutodm(["web"], env);
        const workerA = spawnAutodm(["worker"], { ...env, PORT: "0" });
        const workerB = spawnAutodm(["worker"], { ...env, PORT: "0" });
        processes.push(web, workerA, workerB);
        const base = await web.ready();
        const client = new pg.Client({ connectionString: backend.databaseUrl });
        await client.connect();
        clients.push(client);
        const { api, people } = await setUpBurst(base, "pr", PEOPLE);

        const sending = burst({ api, people, perPerson: PER_PERSON, keyword: KEYWORD, parallel: 25 });
        sending.catch(() => {}); // awaited below; not an unhandled rejection if the test fails first
        await waitFor("a quarter of the replies", async () => (await replies(api)) >= EVENTS / 4, 120_000);
        workerA.kill("SIGKILL");
        expect(await workerA.exited()).toBe("SIGKILL");
        await sending;

        const rows = await waitFor("every event handled", () => settled(api), SETTLE_MS);
        await expectExactlyOnce(api, people, PER_PERSON, rows);

        // Straight from the database: every inbound message processed, every send settled once.
        const events = await client.query(
          `select status, count(*)::int as n from autodm.inbound_events where kind = 'message' group by status`,
        );
        expect(events.rows).toEqual([{ status: "processed", n: EVENTS }]);
        const sends = await client.query(
          `select status, count(*)::int as n, count(distinct run_id)::int as runs from autodm.outbound_messages group by status`,
        );
        expect(sends.rows).toEqual([{ status: "sent", n: EVENTS, runs: EVENTS }]);

        web.kill("SIGTERM");
        workerB.kill("SIGTERM");
        expect(await web.exited()).toBe(0);
        expect(await workerB.exited()).toBe(0);
      },
      TEST_MS,
    );
  },
);
