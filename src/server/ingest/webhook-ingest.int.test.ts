import { randomBytes } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { TEST_TOKEN_KEY, testConfig } from "../../../test/support/test-config.ts";
import { inboundEvents, webhookPayloads } from "../db/schema/index.ts";
import { sandboxAppSecret } from "../instagram/meta-endpoints.ts";
import { signWebhookBody } from "../instagram/webhook-signature.ts";
import { createLogger } from "../observability/logger.ts";
import { createMetrics } from "../observability/metrics.ts";
import { type Runtime, startRuntime } from "../runtime.ts";
import { loadKeyRing } from "../security/encryption-keys.ts";
import { WebhookIngest } from "./webhook-ingest.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });
const secret = sandboxAppSecret(loadKeyRing({ tokenEncryptionKey: TEST_TOKEN_KEY, dataDir: "/nonexistent" }));
const ACCOUNT = "17841400000000777";

/** A DM as Meta sends it, as JSON text (so a test can write what JSON.stringify would not). */
const dmText = (sender: string, mid: string, text: string) =>
  `{"object":"instagram","entry":[{"id":"${ACCOUNT}","time":${Date.now()},"messaging":[{"sender":{"id":"${sender}"},"recipient":{"id":"${ACCOUNT}"},"timestamp":${Date.now()},"message":{"mid":"${mid}","text":${text}}}]}]}`;
const dm = (sender: string, mid: string, text: string) => dmText(sender, mid, JSON.stringify(text));

/**
 * The receiver against input PostgreSQL cannot store, on every backend, over real HTTP (web
 * role only: nothing consumes the events, so what was stored stays as stored). A correctly
 * signed delivery is never answered 500: its text is cleaned for storage with the bytes kept,
 * or it is kept as rejected with the reason and answered 200; a poison delivery fails no other
 * delivery of its group commit.
 */
describe.each(availableBackends())("webhook ingest of poison input on %s", (backendName) => {
  let backend: TestBackend;
  let runtime: Runtime;
  const tag = `${backendName.replace(/\W/g, "")}${randomBytes(3).toString("hex")}`;

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    runtime = await startRuntime(testConfig(backend), ["web"], logger);
  });
  afterAll(async () => {
    await runtime?.stop();
    await backend?.dispose();
  });

  const post = (body: string | Buffer) =>
    fetch(`${runtime.url}/webhooks/instagram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": signWebhookBody(body, secret) },
      body: typeof body === "string" ? body : new Uint8Array(body),
    });
  const eventsOf = (mids: string[]) =>
    runtime.database.db
      .select({
        key: inboundEvents.dedupeKey,
        event: inboundEvents.event,
        payloadId: inboundEvents.payloadId,
      })
      .from(inboundEvents)
      .where(
        inArray(
          inboundEvents.dedupeKey,
          mids.map((m) => `m:${m}`),
        ),
      );
  const payload = async (id: number) =>
    (await runtime.database.db.select().from(webhookPayloads).where(eq(webhookPayloads.id, id)))[0];
  const setAside = (fragment: string) =>
    runtime.database.db
      .select()
      .from(webhookPayloads)
      .where(
        sql`${webhookPayloads.rejected} is not null and position(${fragment}::bytea in ${webhookPayloads.raw}) > 0`,
      );

  it("stores text with U+0000 and lone surrogates cleaned, keeping the bytes as received", async () => {
    const cases = [
      { mid: `m_nul_${tag}`, json: '"price\\u0000 please"', text: "price please" },
      { mid: `m_hi_${tag}`, json: '"hi \\ud800 there"', text: "hi \ufffd there" },
      { mid: `m_lo_${tag}`, json: '"\\udfff\\ud800"', text: "\ufffd\ufffd" },
      { mid: `m_pair_${tag}`, json: '"ok 😀"', text: "ok 😀" },
    ];
    for (const c of cases) {
      const res = await post(dmText(`7${tag}`, c.mid, c.json));
      expect(res.status, c.json).toBe(200);
    }
    // Invalid UTF-8 inside a string, and U+0000 in a key.
    const [before, after] = dmText(`7${tag}`, `m_utf8_${tag}`, '"ab<here>c"').split("<here>");
    const badBytes = Buffer.concat([
      Buffer.from(before as string),
      Buffer.from([0xff, 0xed, 0xa0, 0x80]),
      Buffer.from(after as string),
    ]);
    expect((await post(badBytes)).status).toBe(200);
    const nulKey = dm(`7${tag}`, `m_key_${tag}`, "hello").replace(
      '"message":',
      '"extra\\u0000":1,"message":',
    );
    expect((await post(nulKey)).status).toBe(200);

    const rows = await eventsOf([...cases.map((c) => c.mid), `m_utf8_${tag}`, `m_key_${tag}`]);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const textOf = (mid: string) => (byKey.get(`m:${mid}`)?.event as { text?: string } | undefined)?.text;
    for (const c of cases) expect(textOf(c.mid)).toBe(c.text);
    expect(textOf(`m_utf8_${tag}`)).toBe("ab\ufffd\ufffd\ufffd\ufffdc");

    const nul = await payload(byKey.get(`m:m_nul_${tag}`)?.payloadId as number);
    expect(nul?.raw?.toString("utf8")).toContain('"price\\u0000 please"');
    expect(JSON.stringify(nul?.body)).toContain('"price please"');
    expect((await payload(byKey.get(`m:m_utf8_${tag}`)?.payloadId as number))?.raw).toEqual(badBytes);
    const key = await payload(byKey.get(`m:m_key_${tag}`)?.payloadId as number);
    expect(JSON.stringify(key?.body)).toContain('"extra":1');
    // Nothing needed cleaning: the parsed body alone is kept.
    expect((await payload(byKey.get(`m:m_pair_${tag}`)?.payloadId as number))?.raw).toBeNull();
  });

  it("keeps a delivery nested too deep or with a field too long as rejected, with the reason, and answers 200", async () => {
    const depth = 100_000;
    const deep = dmText(`7${tag}`, `m_deep_${tag}`, `${"[".repeat(depth)}1${"]".repeat(depth)}`);
    const long = dm(`7${tag}`, `m_long_${tag}`, "x".repeat(300_000));
    const deepObj = dmText(`7${tag}`, `m_deepo_${tag}`, `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`);
    for (const body of [deep, long, deepObj]) expect((await post(body)).status).toBe(200);

    expect(await eventsOf([`m_deep_${tag}`, `m_long_${tag}`, `m_deepo_${tag}`])).toEqual([]);
    const [d] = await setAside(`m_deep_${tag}`);
    expect(d?.rejected).toMatch(/^entry\.0\.messaging\.0….*nested more than 32 levels deep$/);
    expect(d?.raw?.toString()).toBe(deep);
    expect(d?.body).toBeNull();
    const [l] = await setAside(`m_long_${tag}`);
    expect(l?.rejected).toBe("entry.0.messaging.0.message.text: longer than 65536 characters");
    expect(l?.raw?.length).toBe(Buffer.byteLength(long));
    expect(await setAside(`m_deepo_${tag}`)).toHaveLength(1);
  });

  it("a delivery the database refuses fails none of the clean deliveries in its group commit", async () => {
    const ingest = new WebhookIngest({
      db: runtime.database.db,
      jobQueue: runtime.jobQueue,
      secrets: () => [secret],
      logger,
      metrics: createMetrics(),
    });
    // Passes the receiver's limits, but no index entry can hold it (incompressible, > 2,704 bytes).
    const poisonMid = `m_poison_${tag}_${randomBytes(3_000).toString("base64")}`;
    const mids = Array.from({ length: 12 }, (_, i) => `m_batch_${tag}_${i}`);
    const bodies = mids.map((mid, i) => dm(`7${tag}${i % 3}`, mid, `price ${i}`));
    bodies.splice(6, 0, dm(`7${tag}p`, poisonMid, "hello"));
    // Submitted together: the first two flush alone (two flushes run at once), the rest — the
    // poison one among them — wait and share the next one.
    const outcomes = await Promise.allSettled(
      bodies.map((b) => ingest.receive(Buffer.from(b), signWebhookBody(b, secret))),
    );
    const kinds = outcomes.map((o) => (o.status === "fulfilled" ? o.value.kind : `threw ${o.reason}`));
    expect(kinds).toEqual([...Array(6).fill("accepted"), "set_aside", ...Array(6).fill("accepted")]);

    const stored = await eventsOf(mids);
    expect(stored.map((r) => r.key).sort()).toEqual(mids.map((m) => `m:${m}`).sort());
    const [poison] = await setAside(`m_poison_${tag}`);
    expect(poison?.rejected).toMatch(/^refused by the database: /);
    expect(poison?.raw?.toString()).toBe(bodies[6]);
    // And over HTTP, the same delivery again: 200, so Meta stops retrying it.
    expect((await post(bodies[6] as string)).status).toBe(200);
    expect(await setAside(`m_poison_${tag}`)).toHaveLength(2);
  });
});
