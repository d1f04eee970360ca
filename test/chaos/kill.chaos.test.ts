import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type AutodmProcess, spawnAutodm, waitFor } from "../support/autodm-process.ts";
import { availableBackends, freePort, provisionBackend, type TestBackend } from "../support/backends.ts";
import { type Api, burst, Gate } from "../support/burst.ts";
import {
  BURST_KEYWORD,
  countLostAndDoubled,
  expectExactlyOnce,
  repliesByPerson,
  replyCount,
  settledActivity,
  setUpBurst,
} from "../support/burst-checks.ts";
import { pick, progress, report } from "./support/chaos-run.ts";
import { alive, EmbeddedAutodm } from "./support/embedded-autodm.ts";

/**
 * kill -9 mid-burst, again and again: of the one embedded process (its restart on the same
 * folder must lose nothing and send nothing twice), and of one of two workers on PostgreSQL +
 * Redis (a new worker replaces it each time). 0 lost, 0 double replies.
 */
const PEOPLE = pick(200, 40);
const PER_PERSON = 10;
const EVENTS = PEOPLE * PER_PERSON;
const ROUNDS = pick(5, 2);
const SETTLE_MS = pick(900_000, 300_000);

/** Waits for the share k / (ROUNDS + 1) of the replies: the kills are spread over the burst. */
async function untilShare(api: Api, k: number, log: (s: string) => void) {
  await waitFor(
    `${k}/${ROUNDS + 1} of the replies`,
    async () => {
      const n = await replyCount(api);
      return n >= (EVENTS * k) / (ROUNDS + 1) && n;
    },
    600_000,
  );
  log(`round ${k}: killing at ${await replyCount(api)} replies`);
}

async function figuresOf(api: Api, people: string[]) {
  return countLostAndDoubled(() => PER_PERSON, people, await repliesByPerson(api));
}

describe("chaos: kill -9 of autodm start (embedded) mid-burst", () => {
  let autodm: EmbeddedAutodm | undefined;
  afterAll(async () => {
    await autodm?.stop();
  });

  it(`${EVENTS} DMs, ${ROUNDS} kills in a row: every DM replied to exactly once`, async () => {
    const log = progress("kill-embedded");
    autodm = await EmbeddedAutodm.start();
    const { api, people } = await setUpBurst(autodm.base, "ke", PEOPLE);
    // The process is the sandbox too: the burst is held around each kill, so every DM sent is
    // known to have been recorded (none is left with an unknown outcome).
    const gate = new Gate();
    const sending = burst({ api, people, perPerson: PER_PERSON, keyword: BURST_KEYWORD, parallel: 25, gate });
    sending.catch(() => {});
    const restartsMs: number[] = [];
    for (let k = 1; k <= ROUNDS; k++) {
      await untilShare(api, k, log);
      await gate.close();
      const t = Date.now();
      await autodm.killAndRestart();
      restartsMs.push(Date.now() - t);
      gate.reopen();
    }
    await sending;
    log("burst sent");
    const rows = await waitFor("every event handled", () => settledActivity(api, EVENTS, log), SETTLE_MS);
    const figures = await figuresOf(api, people);
    report("kill-embedded", { ...figures, kills: ROUNDS, restartMs: restartsMs });
    await expectExactlyOnce(api, people, PER_PERSON, rows);
  });
});

const realServices = availableBackends().includes("postgres+redis");
if (!realServices)
  process.stderr.write("[chaos] kill-worker skipped: set TEST_DATABASE_URL and TEST_REDIS_URL to run it\n");

describe.skipIf(!realServices)("chaos: kill -9 of one of two workers on postgres+redis mid-burst", () => {
  const processes: AutodmProcess[] = [];
  let backend: TestBackend | undefined;
  let client: pg.Client | undefined;
  afterAll(async () => {
    for (const p of processes) {
      if (alive(p)) {
        p.kill("SIGTERM");
        await p.exited();
      }
    }
    await client?.end();
    await backend?.dispose();
  });

  it(`${EVENTS} DMs, ${ROUNDS} worker kills: every DM replied to exactly once`, async () => {
    const log = progress("kill-worker");
    backend = await provisionBackend("postgres+redis");
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
    processes.push(web);
    const worker = () => {
      const w = spawnAutodm(["worker"], { ...env, PORT: "0" });
      processes.push(w);
      return w;
    };
    const workers = [worker(), worker()];
    const base = await web.ready();
    const { api, people } = await setUpBurst(base, "kw", PEOPLE);

    const sending = burst({ api, people, perPerson: PER_PERSON, keyword: BURST_KEYWORD, parallel: 25 });
    sending.catch(() => {});
    for (let k = 1; k <= ROUNDS; k++) {
      await untilShare(api, k, log);
      const victim = workers.shift() as AutodmProcess;
      victim.kill("SIGKILL");
      expect(await victim.exited()).toBe("SIGKILL");
      workers.push(worker());
    }
    await sending;
    log("burst sent");
    const rows = await waitFor("every event handled", () => settledActivity(api, EVENTS, log), SETTLE_MS);
    const figures = await figuresOf(api, people);
    client = new pg.Client({ connectionString: backend.databaseUrl });
    await client.connect();
    const sends = await client.query(
      `select status, count(*)::int as n, count(distinct run_id)::int as runs from autodm.outbound_messages group by status`,
    );
    report("kill-worker", { ...figures, kills: ROUNDS, sends: sends.rows });
    await expectExactlyOnce(api, people, PER_PERSON, rows);
    expect(sends.rows).toEqual([{ status: "sent", n: EVENTS, runs: EVENTS }]);
  });
});
