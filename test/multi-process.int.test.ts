import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import {
  type AutodmProcess,
  demoEffects,
  enqueueDemo,
  listenEnv,
  spawnAutodm,
  waitFor,
} from "./support/autodm-process.ts";
import {
  availableBackends,
  type BackendName,
  provisionBackend,
  type TestBackend,
} from "./support/backends.ts";
import { authenticate } from "./support/burst.ts";

/**
 * The scaled-out shape: one `autodm web` and two `autodm worker` processes sharing PostgreSQL
 * (and Redis). 1,000 demo jobs; one worker is SIGKILLed halfway. None may be lost, and each
 * job's effect must be recorded exactly once.
 */
const shared: BackendName[] = availableBackends().filter((b) => b !== "pglite");
const JOBS = 1_000;

// Without the real services the case is listed as skipped (CI requires it to run).
const cases: BackendName[] = shared.length > 0 ? shared : ["postgres"];

describe.skipIf(shared.length === 0).each(cases)("web + 2 workers on %s", (backendName) => {
  const processes: AutodmProcess[] = [];
  const clients: pg.Client[] = [];
  let backend: TestBackend;

  afterAll(async () => {
    for (const p of processes) {
      if (p.child.exitCode === null && p.child.signalCode === null) {
        p.kill("SIGTERM");
        await p.exited();
      }
    }
    for (const c of clients) await c.end();
    await backend?.dispose();
  });

  it(`loses none of ${JOBS} jobs and records each effect once, through a SIGKILL`, async () => {
    backend = await provisionBackend(backendName);
    const env = { ...backend.env(), JOB_LOCK_MS: "2000", WORKER_CONCURRENCY: "10", MIGRATE_ON_BOOT: "false" };

    const migrate = spawnAutodm(["migrate"], env);
    expect(await migrate.exited()).toBe(0);

    const web = spawnAutodm(["web"], { ...env, ...(await listenEnv()), DEMO_JOBS_API: "on" });
    const workerA = spawnAutodm(["worker"], env);
    const workerB = spawnAutodm(["worker"], env);
    processes.push(web, workerA, workerB);
    const url = await web.ready();

    const client = new pg.Client({ connectionString: backend.databaseUrl });
    await client.connect();
    clients.push(client);

    const api = await authenticate(url);
    await enqueueDemo(api, { count: JOBS, keyPrefix: "mp", sleepMs: 100 });
    await waitFor("half the effects", async () => (await demoEffects(api)).effects >= JOBS / 2, 60_000);
    // Kill worker A while it is in the middle of jobs (started, effect not yet recorded).
    const inFlightOfA = `select count(*)::int as n from autodm.demo_executions x
       where x.worker like $1 and not exists (select 1 from autodm.demo_effects e where e.key = x.key)`;
    await waitFor(
      "worker A to be mid-job",
      async () => (await client.query(inFlightOfA, [`%:${workerA.child.pid}:%`])).rows[0].n > 0,
      30_000,
    );
    workerA.kill("SIGKILL");
    expect(await workerA.exited()).toBe("SIGKILL");

    const done = await waitFor(
      "every effect",
      async () => {
        const e = await demoEffects(api);
        return e.effects >= JOBS && e;
      },
      90_000,
    );
    expect(done.effects).toBe(JOBS);
    expect(done.executedKeys).toBe(JOBS);

    // Straight from the database: both workers did work, and the jobs that were running when
    // worker A died were run again by worker B (the re-runs are why effects are idempotent).
    {
      const workers = await client.query(
        "select count(distinct worker)::int as n from autodm.demo_executions",
      );
      expect(workers.rows[0].n).toBe(2);
      const rerun = await client.query(
        `select count(*)::int as n from (select key from autodm.demo_executions group by key having count(*) > 1) k`,
      );
      expect(rerun.rows[0].n).toBeGreaterThan(0);
      const effects = await client.query(
        "select count(*)::int as n, count(distinct key)::int as d from autodm.demo_effects",
      );
      expect(effects.rows[0]).toEqual({ n: JOBS, d: JOBS });
    }

    web.kill("SIGTERM");
    workerB.kill("SIGTERM");
    expect(await web.exited()).toBe(0);
    expect(await workerB.exited()).toBe(0);
  }, 180_000);
});
