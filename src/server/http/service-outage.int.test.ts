import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deleteRedisPrefix,
  provisionBackend,
  realServices,
  type TestBackend,
} from "../../../test/support/backends.ts";
import { type PipelineHarness, startPipeline } from "../../../test/support/pipeline-harness.ts";
import { TcpProxy } from "../../../test/support/tcp-proxy.ts";

/**
 * The web role while PostgreSQL or Redis is unreachable (issue 19: the webhook answered 500
 * without PostgreSQL and hung without Redis). Each service sits behind a relay the test cuts and
 * restores, so the shared servers stay up. While one is away a webhook is answered 503 within
 * seconds (Meta retries a 503; a 500 reads as our bug, a hang as a dead endpoint); once it is
 * back, Meta's retry of the same delivery is accepted and answered exactly once, with no restart.
 */
const KEYWORD = "promo";
const REPLY = "Here is your code: PROMO10";
const PROMPT_MS = 8_000;

const hostPort = (url: string) => {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port) };
};

describe.skipIf(!realServices.databaseUrl || !realServices.redisUrl)(
  "the web role while PostgreSQL or Redis is away",
  () => {
    let backend: TestBackend;
    let h: PipelineHarness;
    let pgRelay: TcpProxy;
    let redisRelay: TcpProxy;
    let seq = 0;

    const newPerson = async () => {
      seq += 1;
      const { person } = await h.json<{ person: { igsid: string } }>("POST", `${h.sandbox}/control/people`, {
        username: `outage${seq}_${Date.now().toString(36)}`,
        followsBusiness: true,
      });
      // A first word through the sandbox opens its 24-hour window (it refuses sends otherwise);
      // the keyword comes later, straight to the webhook, while a service is away.
      await h.person(person.igsid).dm("hello");
      return person.igsid;
    };
    /** One delivery, timed; `status` 0 when no answer came in 15 s. */
    const deliver = async (who: string, at: number) => {
      const started = Date.now();
      const res = await Promise.race([
        h.dmWebhook(who, `${KEYWORD} at ${at}`, at),
        new Promise<undefined>((resolve) => setTimeout(resolve, 15_000)),
      ]);
      const body = res ? await res.text() : "";
      return {
        status: res?.status ?? 0,
        ms: Date.now() - started,
        body,
        retryAfter: res?.headers.get("retry-after"),
      };
    };
    /** Meta's retries of the same delivery until it is accepted; how long it took. */
    const redeliver = async (who: string, at: number) => {
      const started = Date.now();
      for (;;) {
        const { status } = await deliver(who, at);
        if (status === 200) return Date.now() - started;
        if (Date.now() - started > 60_000) throw new Error(`still ${status} a minute after the restore`);
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    const repliesTo = async (who: string) =>
      h.until(
        "the reply",
        async () => {
          const sent = await h.sent(who);
          return sent.length > 0 && sent;
        },
        30_000,
      );

    beforeAll(async () => {
      backend = await provisionBackend("postgres+redis");
      pgRelay = await TcpProxy.start(hostPort(backend.databaseUrl));
      redisRelay = await TcpProxy.start(hostPort(backend.redisUrl as string));
      h = await startPipeline(backend, {
        DATABASE_URL: pgRelay.rewrite(backend.databaseUrl),
        REDIS_URL: redisRelay.rewrite(backend.redisUrl as string),
      });
      await h.connect();
      await h.createAutomation({
        name: "Promo keyword",
        trigger: { type: "dm_keyword" },
        conditions: { keywords: [{ text: KEYWORD, match: "contains" }] },
        actions: [{ type: "send_text", variations: [REPLY] }],
      });
    }, 60_000);
    afterAll(async () => {
      await pgRelay?.restore();
      await redisRelay?.restore();
      await h?.stop();
      await backend?.dispose();
      await pgRelay?.cut();
      await redisRelay?.cut();
    });

    it("Redis away → 503 within seconds, not a hang; back → the retry is accepted and answered once", async () => {
      const who = await newPerson();
      const at = Date.now();
      await redisRelay.cut();
      try {
        for (let i = 0; i < 3; i++) {
          const res = await deliver(who, at);
          expect(res).toMatchObject({ status: 503, retryAfter: "5" });
          expect(JSON.parse(res.body)).toMatchObject({ error: { code: "unavailable" } });
          expect(res.ms).toBeLessThan(PROMPT_MS);
        }
      } finally {
        await redisRelay.restore();
      }
      await redeliver(who, at);
      const sent = await repliesTo(who);
      await new Promise((r) => setTimeout(r, 1_500));
      expect((await h.sent(who)).length).toBe(1);
      expect(sent[0]?.body.message?.text).toBe(REPLY);
    }, 90_000);

    it("PostgreSQL away → 503 within seconds (webhook and /health); back → accepted and answered once", async () => {
      const who = await newPerson();
      const at = Date.now();
      await pgRelay.cut();
      try {
        for (let i = 0; i < 3; i++) {
          const res = await deliver(who, at);
          expect(res).toMatchObject({ status: 503, retryAfter: "5" });
          expect(JSON.parse(res.body)).toMatchObject({ error: { code: "unavailable" } });
          expect(res.ms).toBeLessThan(PROMPT_MS);
        }
        expect((await fetch(`${h.base}/health`)).status).toBe(503);
      } finally {
        await pgRelay.restore();
      }
      await redeliver(who, at);
      const sent = await repliesTo(who);
      await new Promise((r) => setTimeout(r, 1_500));
      expect((await h.sent(who)).length).toBe(1);
      expect(sent[0]?.body.message?.text).toBe(REPLY);
      expect((await fetch(`${h.base}/health`)).status).toBe(200);
    }, 90_000);

    // Found by chaos services-restart (3 DMs lost): a Redis restarted without persistence comes
    // back empty, and with it went the mailbox jobs of events already stored in PostgreSQL and
    // the sweeper's schedule that would have found them. Here no retry comes from Meta (it gave
    // up, or the job was lost after the 200): the events must be answered from PostgreSQL alone.
    it("Redis back empty (restarted without persistence) → stored events answered without a retry, schedules back", async () => {
      const who = await newPerson();
      // The first word's mailbox job done, so that no running job picks the next event up.
      await new Promise((r) => setTimeout(r, 3_000));
      const at = Date.now();
      await redisRelay.cut();
      try {
        // Stored in PostgreSQL, not enqueued: 503, and Meta will not be asked again here.
        expect((await deliver(who, at)).status).toBe(503);
        await deleteRedisPrefix(backend.queuePrefix);
      } finally {
        await redisRelay.restore();
      }
      const sent = await h.until(
        "the reply to the event stored while Redis was away",
        async () => {
          const s = await h.sent(who);
          return s.length > 0 && s;
        },
        20_000,
      );
      await new Promise((r) => setTimeout(r, 1_500));
      expect((await h.sent(who)).length).toBe(1);
      expect(sent[0]?.body.message?.text).toBe(REPLY);
      const connection = new Redis(backend.redisUrl as string, { maxRetriesPerRequest: null });
      const sweep = new Queue("sweep-pending", { connection, prefix: backend.queuePrefix });
      try {
        const schedulers = await sweep.getJobSchedulers();
        expect(schedulers.map((s) => s.every)).toContain(60_000);
      } finally {
        await sweep.close();
        await connection.quit();
      }
    }, 90_000);
  },
);
