import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestSession } from "../../../../test/support/auth-helper.ts";
import {
  availableBackends,
  freePort,
  provisionBackend,
  type TestBackend,
} from "../../../../test/support/backends.ts";
import { TestBrowser } from "../../../../test/support/test-browser.ts";
import { testConfig } from "../../../../test/support/test-config.ts";
import { waitFor } from "../../../../test/support/wait-for.ts";
import type { Config } from "../../config.ts";
import { jobs } from "../../jobs/catalog.ts";
import { PermanentJobError } from "../../jobs/job.ts";
import { type JobHandlers, JobQueue } from "../../jobs/job-queue.ts";
import { createQueueBackend } from "../../jobs/queue-backend.ts";
import { createLogger } from "../../observability/logger.ts";
import { createMetrics } from "../../observability/metrics.ts";
import { type Runtime, startRuntime } from "../../runtime.ts";
import { DEMO } from "../../sandbox/index.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });

const fail = async () => {
  throw new PermanentJobError("boom");
};
const failEverything = Object.fromEntries(
  // Every kind of the catalog: a kind left without a handler (or a pool too small for one
  // blocking connection per kind) stalls the others on the PostgreSQL queue backend.
  Object.keys(jobs).map((k) => [k, fail]),
) as unknown as JobHandlers;

describe.each(availableBackends())("dead letters per workspace on %s", (backendName) => {
  let backend: TestBackend;
  let runtime: Runtime;
  let base: string;
  let shop: TestSession;
  let cafe: TestSession;
  let failingWorker: JobQueue;

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    const port = await freePort();
    const config: Config = testConfig(backend, { PORT: String(port), APP_URL: `http://127.0.0.1:${port}` });
    // Web only: the jobs below are worked by a worker whose every handler fails for good.
    runtime = await startRuntime(config, ["web"], logger);
    base = runtime.url as string;
    const queueBackend = createQueueBackend({
      redisUrl: config.queue.redisUrl,
      databaseUrl: backend.databaseUrl,
      prefix: config.queue.prefix,
      pgSchema: config.queue.pgSchema,
      poolMax: Object.keys(jobs).length + 2,
      embedded: backendName === "pglite",
    });
    failingWorker = new JobQueue(queueBackend, {
      logger,
      metrics: createMetrics(),
      concurrency: 1,
      lockMs: 2_000,
    });
    failingWorker.startWorkers(failEverything);

    // Two workspaces, each with its own sandbox account.
    shop = await signUp(base, new URL(base).origin);
    cafe = await signUp(base, new URL(base).origin);
    for (const [owner, account] of [
      [shop, DEMO.account.id],
      [cafe, DEMO.secondAccount.id],
    ] as const) {
      const browser = new TestBrowser().withCookies(base, owner.cookie);
      const start = await browser.request(`${base}/api/instagram/connect/sandbox/start`);
      const done = await browser.submit(await browser.visit(start.location as string), {
        choice: account,
        decision: "allow",
      });
      expect(done.text).toContain("is connected");
    }
  });
  afterAll(async () => {
    await failingWorker?.close(1_000); // and its backend
    await runtime?.stop();
    await backend?.dispose();
  });

  const list = async (who: TestSession, query = "") => {
    const res = await fetch(`${base}/api/jobs/dead-letters${query}`, { headers: who.headers() });
    expect(res.status).toBe(200);
    return ((await res.json()) as { deadLetters: { id: string; payload: { personId: string } }[] })
      .deadLetters;
  };
  const retry = (who: TestSession, id: string) =>
    fetch(`${base}/api/jobs/dead-letters/processPerson/${id}/retry`, {
      method: "POST",
      headers: who.headers(),
    });

  it("lists only the caller's dead letters and retries only those", async () => {
    const { id: shopJob } = await runtime.jobQueue.enqueue("processPerson", {
      igAccountId: DEMO.account.id,
      personId: "shop-person",
    });
    const { id: cafeJob } = await runtime.jobQueue.enqueue("processPerson", {
      igAccountId: DEMO.secondAccount.id,
      personId: "cafe-person",
    });
    await runtime.jobQueue.enqueue("pruneRetention", {});
    await waitFor("both dead letters", async () => {
      const all = await runtime.jobQueue.listDeadLetters("processPerson");
      return [shopJob, cafeJob].every((id) => all.some((d) => d.id === id));
    });

    expect((await list(shop)).map((d) => d.payload.personId)).toEqual(["shop-person"]);
    expect((await list(cafe)).map((d) => d.payload.personId)).toEqual(["cafe-person"]);
    // The installation's own jobs are the operator's (CLI), not a workspace's.
    const system = await fetch(`${base}/api/jobs/dead-letters?job=pruneRetention`, {
      headers: shop.headers(),
    });
    expect(system.status).toBe(400);

    expect((await retry(cafe, shopJob)).status).toBe(404);
    expect((await retry(shop, "no-such-job")).status).toBe(404);
    expect((await retry(shop, shopJob)).status).toBe(202);
  });

  it("lists an inbox reply's dead letter to its workspace only (the dashboard's inbox-reply kind)", async () => {
    // A member's reply as the inbox records it: a message row of shop's thread (the failing
    // worker gives up on its send, as one that Meta kept refusing would).
    const { rows } = await runtime.database.pool.query<{ id: string }>(
      `with a as (select id, workspace_id from autodm.instagram_accounts where ig_user_id = $1),
         c as (insert into autodm.contacts (workspace_id, account_id, igsid)
           select workspace_id, id, 'shop-inbox-person' from a returning id, workspace_id, account_id)
       insert into autodm.messages (workspace_id, conversation_id, account_id, direction, type, text,
         sender_kind, status, at)
       select workspace_id, id, account_id, 'out', 'text', 'From the inbox', 'member', 'pending', now()
       from c returning id`,
      [DEMO.account.id],
    );
    const messageId = rows[0]?.id as string;
    const { id: job } = await runtime.jobQueue.enqueue("sendInboxReply", { messageId });
    await waitFor("the inbox reply's dead letter", async () =>
      (await runtime.jobQueue.listDeadLetters("sendInboxReply")).some((d) => d.id === job),
    );
    const inboxLetters = async (who: TestSession) =>
      (await list(who, "?job=sendInboxReply")).map(
        (d) => (d.payload as unknown as { messageId: string }).messageId,
      );
    expect(await inboxLetters(shop)).toEqual([messageId]);
    expect(await inboxLetters(cafe)).toEqual([]);
    const retryInbox = (who: TestSession) =>
      fetch(`${base}/api/jobs/dead-letters/sendInboxReply/${job}/retry`, {
        method: "POST",
        headers: who.headers(),
      });
    expect((await retryInbox(cafe)).status).toBe(404);
    expect((await retryInbox(shop)).status).toBe(202);
  });
});
