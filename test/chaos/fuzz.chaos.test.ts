import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO } from "../../src/server/sandbox/seed.ts";
import { waitFor } from "../support/autodm-process.ts";
import { burst, inParallel } from "../support/burst.ts";
import { BURST_KEYWORD, countLostAndDoubled, repliesByPerson, setUpBurst } from "../support/burst-checks.ts";
import { ApiJunk, operationsOf } from "./support/api-junk.ts";
import { pick, progress, Rng, report, rssMb, SEED } from "./support/chaos-run.ts";
import { alive, EmbeddedAutodm, webhookSecret } from "./support/embedded-autodm.ts";
import { HttpTally } from "./support/http-tally.ts";
import { untilQuiet } from "./support/until-quiet.ts";
import {
  badSignature,
  messageBody,
  signature,
  toBytes,
  type WebhookBody,
  WebhookMutator,
} from "./support/webhook-mutations.ts";

/**
 * Fuzz of the embedded default (`autodm start`): signed mutated webhook bodies, clean DMs in
 * the same stream (so they share group commits with the poison ones), replays of the clean
 * ones, unsigned bodies, then junk requests over every route of the OpenAPI document.
 * Passes with 0 5xx, 0 connection errors, the process alive, and every clean DM replied to
 * exactly once. CHAOS_SEED=<seed> replays a run (the seed is printed first).
 */
const MUTATED = pick(10_000, 1_000);
const CLEAN = pick(1_000, 100);
const REPLAYS = pick(500, 50);
const UNSIGNED = pick(2_000, 200);
const API = pick(3_000, 300);
const CLEAN_PEOPLE = pick(100, 20);
const WIDTH = 16;
// Until the server's timeouts and body draining were fixed (keep-alive.int.test.ts), 1–2
// connections a run were closed under the API junk (UND_ERR_SOCKET) and a clean webhook was
// once answered 400: an early answer's unread body, drained for 500 ms only, killed the
// connection the next request rode on.

describe("chaos: fuzz of autodm start (embedded)", () => {
  let autodm: EmbeddedAutodm | undefined;
  afterAll(async () => {
    await autodm?.stop();
  });

  it(
    `${MUTATED} signed mutated + ${CLEAN} clean + ${REPLAYS} replayed + ${UNSIGNED} unsigned webhooks, ${API} junk API requests`,
    async () => {
      const log = progress("fuzz");
      log(`seed ${SEED} (replay with CHAOS_SEED=${SEED})`);
      const rng = new Rng(SEED);
      autodm = await EmbeddedAutodm.start();
      const { api, people } = await setUpBurst(autodm.base, "fz", CLEAN_PEOPLE);
      // Each clean person opens the conversation through the sandbox (Instagram's 24-hour window).
      await burst({ api, people, perPerson: 1, keyword: BURST_KEYWORD, parallel: 10 });
      await waitFor(
        "the openers' replies",
        async () => [...(await repliesByPerson(api)).values()].length >= people.length,
        120_000,
      );
      const pid = autodm.current.child.pid;
      const rssBefore = rssMb(pid);
      log(`set up; RSS ${rssBefore} MB`);

      const secret = webhookSecret();
      const url = `${autodm.base}/webhooks/instagram`;
      const mutator = new WebhookMutator(rng, [DEMO.account.id, DEMO.secondAccount.id, "17841400000009999"]);
      const kinds = [
        ...Array<string>(MUTATED).fill("mutated"),
        ...Array<string>(CLEAN).fill("clean"),
        ...Array<string>(REPLAYS).fill("replay"),
        ...Array<string>(UNSIGNED).fill("unsigned"),
      ];
      for (let i = kinds.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [kinds[i], kinds[j]] = [kinds[j] as string, kinds[i] as string];
      }
      const clean: Buffer[] = [];
      const expected = new Map(people.map((p) => [p, 1]));
      const tally = new HttpTally();
      let cleanFirst5xx = 0;
      let cleanNot200 = 0;
      let cleanGivenUp = 0;
      const retries: Promise<void>[] = [];
      const byMutation = new Map<string, number>();
      const started = Date.now();
      await inParallel(
        kinds.map((kind, i) => ({ kind, i })),
        WIDTH,
        async ({ kind, i }) => {
          // Drawn before any await: the seed alone decides every body.
          let body: WebhookBody;
          if (kind === "clean" || (kind === "replay" && clean.length === 0)) {
            const person = rng.pick(people);
            const mid = `m_clean_${SEED}_${i}`;
            body = {
              bytes: toBytes(messageBody(DEMO.account.id, person, mid, `${BURST_KEYWORD} c${i}`, Date.now())),
              mutations: [],
            };
            clean.push(body.bytes);
            expected.set(person, (expected.get(person) ?? 0) + 1);
            kind = "clean";
          } else if (kind === "replay") {
            // The same event again: the same bytes, or the same JSON laid out differently.
            const original = rng.pick(clean);
            body = {
              bytes: rng.chance(0.5)
                ? original
                : Buffer.from(JSON.stringify(JSON.parse(original.toString()), null, 2)),
              mutations: ["replay"],
            };
          } else {
            body =
              rng.chance(0.1) && kind === "unsigned" && clean.length
                ? { bytes: rng.pick(clean), mutations: [] }
                : mutator.next();
          }
          const sig =
            kind === "unsigned" ? badSignature(rng, body.bytes, secret) : signature(body.bytes, secret);
          const headers: Record<string, string> = { "content-type": "application/json" };
          if (sig !== undefined) headers["x-hub-signature-256"] = sig;
          const describe = () =>
            `#${i} [${body.mutations.join(",")}] ${body.bytes.subarray(0, 160).toString()}… (${body.bytes.length} bytes)`;
          let status = await tally.send(
            kind,
            url,
            { method: "POST", headers, body: new Uint8Array(body.bytes) },
            describe,
          );
          if (status >= 500) for (const m of body.mutations) byMutation.set(m, (byMutation.get(m) ?? 0) + 1);
          if (kind === "clean" && status !== 200) {
            if (status >= 500) cleanFirst5xx++;
            cleanNot200++;
            // Meta retries a delivery that did not get a 200 (as the sandbox does: 8 tries with
            // backoff) — off the pool, so the stream keeps its pace.
            retries.push(
              (async () => {
                for (let retry = 0; status !== 200 && retry < 7; retry++) {
                  await sleep(Math.min(8_000, 500 * 2 ** retry));
                  status = await tally.send(
                    "clean-retry",
                    url,
                    { method: "POST", headers, body: new Uint8Array(body.bytes) },
                    describe,
                  );
                }
                if (status !== 200) cleanGivenUp++;
              })(),
            );
          }
          if ((i + 1) % 2000 === 0) log(`${i + 1}/${kinds.length} sent`);
        },
      );
      await Promise.all(retries);
      const sendSeconds = (Date.now() - started) / 1000;
      const aliveAfterWebhooks = alive(autodm.current);
      log(
        `webhooks sent in ${sendSeconds.toFixed(0)} s; alive ${aliveAfterWebhooks}; ${JSON.stringify(tally.summary())}`,
      );

      // Every clean DM replied to exactly once: wait for the queue to drain, then for stragglers.
      const cleanTotal = [...expected.values()].reduce((a, b) => a + b, 0);
      let received = new Map<string, number>();
      if (aliveAfterWebhooks) {
        const cleanReplies = async () => {
          received = await repliesByPerson(api);
          return people.reduce((a, p) => a + (received.get(p) ?? 0), 0);
        };
        await untilQuiet(autodm.base, cleanReplies, cleanTotal, log, pick(900_000, 300_000));
        await sleep(5_000); // late doubles
        received = await repliesByPerson(api);
      }
      const delivery = countLostAndDoubled((p) => expected.get(p) ?? 0, people, received);
      const rssAfter = rssMb(pid);
      await sleep(20_000);
      const rssIdle = rssMb(pid);

      // Junk over every documented route.
      const doc = (await (await fetch(`${autodm.base}/api/openapi.json`)).json()) as Parameters<
        typeof operationsOf
      >[0];
      const ops = operationsOf(doc);
      const junk = new ApiJunk(rng, ops, autodm.base, api.headers);
      const apiTally = new HttpTally();
      let undocumented5xx = 0;
      await inParallel(
        Array.from({ length: API }, (_, i) => i),
        8,
        async () => {
          const req = junk.next();
          const status = await apiTally.send(
            `${req.op.method} ${req.op.path}`,
            req.url,
            req.init,
            () => req.what,
          );
          if (status >= 500 && !(status === 503 && req.op.statuses.includes(503))) undocumented5xx++;
        },
      );
      const aliveAtEnd = alive(autodm.current);
      const api5xx = [...apiTally.statuses.keys()].reduce(
        (a, c) => a + apiTally.count(c, (s) => s >= 500),
        0,
      );

      const webhook5xx = ["mutated", "clean", "replay", "unsigned", "clean-retry"].reduce(
        (a, c) => a + tally.count(c, (s) => s >= 500),
        0,
      );
      const figures = {
        seed: SEED,
        signedMutated: MUTATED,
        clean: CLEAN,
        replays: REPLAYS,
        unsigned: UNSIGNED,
        apiRequests: API,
        apiOperations: ops.length,
        sendSeconds: Math.round(sendSeconds),
        webhook5xx,
        cleanFirst5xx,
        cleanRetried: cleanNot200,
        cleanGivenUpAfter8Tries: cleanGivenUp,
        unsigned2xx: tally.count("unsigned", (s) => s >= 200 && s < 300),
        connectionErrors: tally.connectionErrors + apiTally.connectionErrors,
        timeouts: tally.timeouts + apiTally.timeouts,
        cleanDms: delivery.dms,
        cleanReplies: delivery.replies,
        lost: delivery.lost,
        doubled: delivery.doubled,
        api5xx,
        apiUndocumented5xx: undocumented5xx,
        crashed: !aliveAtEnd,
        rssMb: { before: rssBefore, after: rssAfter, idle20s: rssIdle },
        statuses: tally.summary(),
        fiveXxByMutation: Object.fromEntries(byMutation),
      };
      report("fuzz", figures);
      for (const e of [...tally.examples, ...apiTally.examples]) process.stderr.write(`  ${e}\n`);
      const api5xxRoutes = Object.entries(apiTally.summary())
        .filter(([, by]) => Object.keys(by).some((s) => Number(s) >= 500))
        .map(([route, by]) => `${route} ${JSON.stringify(by)}`);
      if (api5xxRoutes.length) process.stderr.write(`  API routes with 5xx: ${api5xxRoutes.join("; ")}\n`);

      expect(
        {
          crashed: figures.crashed,
          webhook5xx,
          apiUndocumented5xx: undocumented5xx,
          connectionErrors: figures.connectionErrors,
          timeouts: figures.timeouts,
          unsigned2xx: figures.unsigned2xx,
          lost: delivery.lost,
          doubled: delivery.doubled,
        },
        `fuzz failures (seed ${SEED})`,
      ).toEqual({
        crashed: false,
        webhook5xx: 0,
        apiUndocumented5xx: 0,
        connectionErrors: 0,
        timeouts: 0,
        unsigned2xx: 0,
        lost: 0,
        doubled: 0,
      });
    },
    pick(3_600_000, 900_000),
  );
});
