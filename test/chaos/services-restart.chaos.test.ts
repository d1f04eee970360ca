import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO } from "../../src/server/sandbox/seed.ts";
import { type AutodmProcess, spawnAutodm } from "../support/autodm-process.ts";
import { freePort, uniqueName } from "../support/backends.ts";
import { burst, Gate } from "../support/burst.ts";
import {
  BURST_KEYWORD,
  countLostAndDoubled,
  repliesByPerson,
  replyCount,
  setUpBurst,
} from "../support/burst-checks.ts";
import { TEST_AUTH_SECRET, TEST_TOKEN_KEY } from "../support/test-config.ts";
import { pick, progress, report } from "./support/chaos-run.ts";
import { alive, webhookSecret } from "./support/embedded-autodm.ts";
import { PrivatePostgres, PrivateRedis, unavailable } from "./support/private-services.ts";
import { untilQuiet } from "./support/until-quiet.ts";
import { messageBody, signature, toBytes } from "./support/webhook-mutations.ts";

/**
 * PostgreSQL, then Redis, stopped for ~10 s mid-burst and started again (private servers on
 * spare ports: the shared ones stay untouched). While one is down, webhooks that cannot be
 * stored are answered 503 (Meta retries), never 200; then autodm recovers by itself: 0 lost,
 * 0 twice. Redis is shut down with `nosave`: the queue's content is gone and must be rebuilt
 * from what PostgreSQL holds.
 */
const PEOPLE = pick(100, 20);
const PER_PERSON = 10;
const OUTAGE_MS = 10_000;
const why = unavailable();
if (why) process.stderr.write(`[chaos] services-restart skipped: ${why}\n`);

/** Signed DMs straight to the webhook while a service is down: what does autodm answer? */
async function probeDuringOutage(base: string, person: string, tag: string) {
  const statuses: Record<string, number> = {};
  const bodies: Buffer[] = [];
  const health: Record<string, number> = {};
  const until = Date.now() + OUTAGE_MS;
  for (let i = 0; Date.now() < until; i++) {
    const body = toBytes(
      messageBody(DEMO.account.id, person, `m_probe_${tag}_${i}`, `${BURST_KEYWORD} p${i}`, Date.now()),
    );
    bodies.push(body);
    const status = await fetch(`${base}/webhooks/instagram`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": signature(body, webhookSecret()),
      },
      body: new Uint8Array(body),
      signal: AbortSignal.timeout(15_000),
    })
      .then((r) => r.status)
      .catch(() => 0);
    statuses[status] = (statuses[status] ?? 0) + 1;
    const h = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5_000) })
      .then((r) => r.status)
      .catch(() => 0);
    health[h] = (health[h] ?? 0) + 1;
    await sleep(1_000);
  }
  return { statuses, health, bodies };
}

/** Meta's retry of what was not answered 200, once the service is back; ms until all are 200. */
async function redeliver(base: string, bodies: Buffer[]) {
  const started = Date.now();
  for (const body of bodies) {
    for (;;) {
      const res = await fetch(`${base}/webhooks/instagram`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-hub-signature-256": signature(body, webhookSecret()),
        },
        body: new Uint8Array(body),
      }).catch(() => undefined);
      if (res?.status === 200) break;
      if (Date.now() - started > 120_000)
        throw new Error("webhooks still refused 2 minutes after the restart");
      await sleep(1_000);
    }
  }
  return Date.now() - started;
}

describe.skipIf(why !== undefined)("chaos: PostgreSQL and Redis restarted mid-burst (web + worker)", () => {
  const processes: AutodmProcess[] = [];
  let pg: PrivatePostgres | undefined;
  let redis: PrivateRedis | undefined;
  afterAll(async () => {
    for (const p of processes)
      if (alive(p)) {
        p.kill("SIGKILL");
        await p.exited();
      }
    await redis?.stop();
    pg?.dispose();
  });

  it("answers 503 while a service is down, recovers by itself, loses nothing", async () => {
    const log = progress("services-restart");
    pg = await PrivatePostgres.start();
    redis = await PrivateRedis.start();
    const port = await freePort();
    const env = {
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: uniqueName("chaos").replace(/_/g, "-"),
      TOKEN_ENCRYPTION_KEY: TEST_TOKEN_KEY,
      AUTH_SECRET: TEST_AUTH_SECRET,
      JOB_LOCK_MS: "2000",
      WORKER_CONCURRENCY: "10",
      MIGRATE_ON_BOOT: "false",
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
    };
    const migrate = spawnAutodm(["migrate"], env);
    expect(await migrate.exited()).toBe(0);
    const web = spawnAutodm(["web"], env);
    const worker = spawnAutodm(["worker"], { ...env, PORT: "0" });
    processes.push(web, worker);
    const base = await web.ready();
    const { api, people } = await setUpBurst(base, "sr", PEOPLE);
    // The sandbox (in the web process) keeps retrying refused deliveries through the outages.
    await api.json("PUT", "/sandbox/control/settings", {
      webhookMaxAttempts: 50,
      webhookMaxBackoffMs: 5_000,
    });
    const probePerson = people[0] as string;
    const expected = new Map(people.map((p) => [p, PER_PERSON]));
    const gate = new Gate();
    const sending = burst({ api, people, perPerson: PER_PERSON, keyword: BURST_KEYWORD, parallel: 10, gate });
    sending.catch(() => {});
    const events = PEOPLE * PER_PERSON;
    const waitShare = async (share: number) => {
      while ((await replyCount(api)) < events * share) await sleep(1_000);
    };

    const outages: Record<string, unknown> = {};
    for (const [name, share, stop, start] of [
      ["postgres", 1 / 3, async () => pg?.stop(), async () => pg?.start()],
      ["redis", 2 / 3, async () => redis?.stop(), async () => redis?.start()],
    ] as const) {
      await waitShare(share);
      // The sandbox's control API lives in the same PostgreSQL: hold the people around it.
      if (name === "postgres") await gate.close();
      log(`stopping ${name} at ${await replyCount(api)} replies`);
      await stop();
      const probe = await probeDuringOutage(base, probePerson, name);
      await start();
      gate.reopen();
      const recoveredInMs = await redeliver(base, probe.bodies);
      expected.set(probePerson, (expected.get(probePerson) ?? 0) + probe.bodies.length);
      outages[name] = { webhookStatuses: probe.statuses, healthStatuses: probe.health, recoveredInMs };
      log(`${name} back: ${JSON.stringify(outages[name])}`);
    }
    await sending;
    const total = async () => {
      const r = await repliesByPerson(api);
      return people.reduce((a, p) => a + (r.get(p) ?? 0), 0);
    };
    const target = [...expected.values()].reduce((a, b) => a + b, 0);
    await untilQuiet(base, total, target, log, pick(900_000, 400_000));
    const figures = countLostAndDoubled((p) => expected.get(p) ?? 0, people, await repliesByPerson(api));
    report("services-restart", {
      ...figures,
      outageMs: OUTAGE_MS,
      ...outages,
      webAlive: alive(web),
      workerAlive: alive(worker),
    });

    const pgDown = (outages.postgres as { webhookStatuses: Record<string, number> }).webhookStatuses;
    const redisDown = (outages.redis as { webhookStatuses: Record<string, number> }).webhookStatuses;
    expect({
      lost: figures.lost,
      doubled: figures.doubled,
      webhooksAcceptedWithoutPostgres: pgDown["200"] ?? 0,
      webhooksAnsweredOtherThan503WithoutPostgres: Object.entries(pgDown)
        .filter(([s]) => s !== "503")
        .reduce((a, [, n]) => a + n, 0),
      // With PostgreSQL up an event can be stored (200, the sweeper enqueues it later) or refused
      // (503); a 500 or no answer at all (0: the request hung) is neither.
      webhooksNeither200Nor503WithoutRedis: Object.entries(redisDown)
        .filter(([s]) => s !== "200" && s !== "503")
        .reduce((a, [, n]) => a + n, 0),
      webAlive: alive(web),
      workerAlive: alive(worker),
    }).toEqual({
      lost: 0,
      doubled: 0,
      webhooksAcceptedWithoutPostgres: 0,
      webhooksAnsweredOtherThan503WithoutPostgres: 0,
      webhooksNeither200Nor503WithoutRedis: 0,
      webAlive: true,
      workerAlive: true,
    });
  });
});
