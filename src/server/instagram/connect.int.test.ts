import { createHmac, timingSafeEqual } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestSession } from "../../../test/support/auth-helper.ts";
import {
  availableBackends,
  freePort,
  provisionBackend,
  type TestBackend,
} from "../../../test/support/backends.ts";
import { type Receiver, startReceiver, TEST_APP } from "../../../test/support/sandbox-test-kit.ts";
import { TestBrowser } from "../../../test/support/test-browser.ts";
import { TEST_TOKEN_KEY, testConfig } from "../../../test/support/test-config.ts";
import { createDatabase, type Database } from "../db/database.ts";
import { runMigrations } from "../db/migrate.ts";
import { instagramAccounts } from "../db/schema/index.ts";
import { createLogger } from "../observability/logger.ts";
import { type Runtime, startRuntime } from "../runtime.ts";
import { DEMO, startSandboxServer } from "../sandbox/index.ts";
import { loadKeyRing } from "../security/encryption-keys.ts";
import { createTokenVault } from "../security/token-vault.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });
const vault = createTokenVault(loadKeyRing({ tokenEncryptionKey: TEST_TOKEN_KEY, dataDir: "/nonexistent" }));

/**
 * autodm's real login paths, pointed at a standalone sandbox only through the *_URL variables:
 * the proof that "any server that speaks Meta's protocol" can stand in for Meta.
 */
/** fetch as the signed-in `session` (its cookie, and our Origin for writes). */
const authed = (session: TestSession, url: string, init: RequestInit = {}) => {
  const { "content-type": _, ...headers } = session.headers(init.headers as Record<string, string>);
  return fetch(url, { ...init, headers: init.body === undefined ? headers : session.headers() });
};

describe.each(availableBackends())("connecting Instagram accounts on %s", (backendName) => {
  let backend: TestBackend;
  let sandboxDb: Database;
  let sandbox: Awaited<ReturnType<typeof startSandboxServer>>;
  let receiver: Receiver;
  let runtime: Runtime;
  let base: string;
  let owner: TestSession;

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    sandboxDb = createDatabase(backend.databaseUrl, { max: 4, applicationName: "sandbox" });
    await runMigrations(sandboxDb.pool, { logger, queueSchema: "bullmq" });
    receiver = await startReceiver();
    sandbox = await startSandboxServer({
      db: sandboxDb.db,
      logger,
      graphVersion: "v24.0",
      app: TEST_APP,
      webhookUrl: receiver.url,
      deliveryIntervalMs: 50,
    });
    const port = await freePort();
    runtime = await startRuntime(
      testConfig(backend, {
        PORT: String(port),
        APP_URL: `http://127.0.0.1:${port}`,
        INSTAGRAM_GRAPH_URL: `${sandbox.url}/ig-graph`,
        FACEBOOK_GRAPH_URL: `${sandbox.url}/fb-graph`,
        INSTAGRAM_API_URL: `${sandbox.url}/ig-api`,
        INSTAGRAM_AUTHORIZE_URL: `${sandbox.url}/oauth/instagram/authorize`,
        FACEBOOK_AUTHORIZE_URL: `${sandbox.url}/oauth/facebook/dialog`,
        INSTAGRAM_APP_ID: TEST_APP.id,
        INSTAGRAM_APP_SECRET: TEST_APP.secret,
        META_APP_ID: TEST_APP.id,
        META_APP_SECRET: TEST_APP.secret,
        SANDBOX: "off",
      }),
      ["web"],
      logger,
    );
    base = runtime.url as string;
    owner = await signUp(base, new URL(base).origin);
  });
  afterAll(async () => {
    await runtime?.stop();
    await sandbox?.stop();
    await receiver?.close();
    await sandboxDb?.close();
    await backend?.dispose();
  });

  const accounts = async () =>
    (
      (await (await authed(owner, `${base}/api/instagram/accounts`)).json()) as {
        accounts: Record<string, unknown>[];
      }
    ).accounts;
  const subscriptions = async () =>
    (await (await fetch(`${sandbox.url}/control/subscriptions`)).json()) as unknown;

  it("offers the logins that are configured", async () => {
    expect(await (await authed(owner, `${base}/api/instagram/connect/options`)).json()).toEqual({
      instagram: true,
      facebook: true,
      sandbox: false,
    });
  });

  let callbackUrl = "";

  it("connects an Instagram Login account: dialog → code → long-lived token → account → webhooks", async () => {
    const browser = new TestBrowser().withCookies(base, owner.cookie);
    const start = await browser.request(`${base}/api/instagram/connect/instagram/start`);
    expect(start.status).toBe(302);
    const authorize = new URL(start.location as string);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${sandbox.url}/oauth/instagram/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: TEST_APP.id,
      redirect_uri: `${base}/api/instagram/connect/instagram/callback`,
      response_type: "code",
      scope: "instagram_business_basic,instagram_business_manage_messages,instagram_business_manage_comments",
    });
    const dialog = await browser.visit(start.location as string);
    expect(dialog.status).toBe(200);

    const done = await browser.submit(dialog, { decision: "allow" });
    expect(done.status).toBe(200);
    expect(done.text).toContain("@autodm_demo_shop is connected");
    callbackUrl = done.url;

    const [account] = await accounts();
    expect(account).toMatchObject({
      loginType: "instagram",
      igUserId: DEMO.account.id,
      username: DEMO.account.username,
      pageId: null,
      status: "connected",
      webhookFields: expect.arrayContaining(["messages", "comments", "messaging_postbacks"]),
    });
    const expiresInDays = (Date.parse(account?.tokenExpiresAt as string) - Date.now()) / 86_400_000;
    expect(expiresInDays).toBeGreaterThan(59);
    expect(expiresInDays).toBeLessThan(61);

    // At rest: ciphertext only. The API shows a masked form that reveals at most a quarter.
    const [row] = await runtime.database.db
      .select()
      .from(instagramAccounts)
      .where(eq(instagramAccounts.igUserId, DEMO.account.id));
    expect(row?.accessToken).toMatch(/^v1\./);
    const token = vault.decrypt(row?.accessToken as string);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(account)).not.toContain(token);
    expect(String(account?.tokenMasked).replace(/[…•]/g, "").length).toBeLessThanOrEqual(token.length / 4);

    expect(JSON.stringify(await subscriptions())).toContain(DEMO.account.id);
  });

  it("then receives the sandbox's signed webhooks for that account", async () => {
    const before = receiver.received.length;
    const res = await fetch(`${sandbox.url}/control/people/${DEMO.people.follower}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ accountId: DEMO.account.id, text: "Hi café 🙌" }),
    });
    expect(res.status).toBeLessThan(300);
    for (let i = 0; i < 100 && receiver.received.length === before; i++) await sleep(50);
    const delivery = receiver.received.at(-1);
    if (!delivery) throw new Error("no webhook delivered");
    // An independent HMAC over the exact bytes received.
    const expected = `sha256=${createHmac("sha256", TEST_APP.secret)
      .update(delivery?.raw as Buffer)
      .digest("hex")}`;
    const given = String(delivery.headers["x-hub-signature-256"]);
    expect(given.length).toBe(expected.length);
    expect(timingSafeEqual(Buffer.from(given), Buffer.from(expected))).toBe(true);
    const body = JSON.parse(delivery.raw.toString("utf8"));
    expect(body.object).toBe("instagram");
    expect(body.entry[0].id).toBe(DEMO.account.id);
    expect([...delivery.raw].every((byte) => byte < 0x80)).toBe(true); // non-ASCII sent as \uXXXX
  });

  it("refuses a replayed callback and a callback from another browser", async () => {
    const replay = await new TestBrowser().withCookies(base, owner.cookie).request(callbackUrl);
    expect(replay.status).toBe(403);
    expect(JSON.parse(replay.text)).toMatchObject({ error: { code: "forbidden" } });

    const alice = new TestBrowser().withCookies(base, owner.cookie);
    const start = await alice.request(`${base}/api/instagram/connect/instagram/start`);
    const dialog = await alice.visit(start.location as string);
    // The callback now arrives from another browser: signed in as the same owner, but without
    // the cookie that bound the login to the browser that started it.
    alice.forget(new URL(base).host).withCookies(base, owner.cookie);
    const stolen = await alice.submit(dialog, { decision: "allow" });
    expect(stolen.status).toBe(403);
  });

  it("shows a cancelled login politely and changes nothing", async () => {
    const before = (await accounts()).length;
    const browser = new TestBrowser().withCookies(base, owner.cookie);
    const start = await browser.request(`${base}/api/instagram/connect/instagram/start`);
    const dialog = await browser.visit(start.location as string);
    const page = await browser.submit(dialog, { decision: "cancel" });
    expect(page.status).toBe(200);
    expect(page.text).toContain("You cancelled the connection, so nothing was changed.");
    expect(await accounts()).toHaveLength(before);
  });

  it("connects with Facebook Login: the owner picks one of the Pages linked to Instagram", async () => {
    const browser = new TestBrowser().withCookies(base, owner.cookie);
    const start = await browser.request(`${base}/api/instagram/connect/facebook/start`);
    const authorize = new URL(start.location as string);
    expect(authorize.searchParams.get("scope")).toContain("pages_messaging");
    const dialog = await browser.visit(start.location as string);
    const choose = await browser.submit(dialog, { decision: "allow" });
    expect(choose.status).toBe(200);
    expect(choose.text).toContain("@autodm_demo_shop");
    expect(choose.text).toContain("@autodm_demo_cafe");
    expect(choose.text).not.toContain(DEMO.pageWithoutInstagram);

    const done = await browser.submit(choose, { pageId: DEMO.secondAccount.pageId });
    expect(done.text).toContain("@autodm_demo_cafe is connected");
    const cafe = (await accounts()).find((a) => a.igUserId === DEMO.secondAccount.id);
    expect(cafe).toMatchObject({
      loginType: "facebook",
      pageId: DEMO.secondAccount.pageId,
      tokenExpiresAt: null,
    });
    expect(JSON.stringify(await subscriptions())).toContain(DEMO.secondAccount.pageId);

    // The choice works once.
    const again = await browser.submit(choose, { pageId: DEMO.account.pageId });
    expect(again.status).toBe(403);
  });

  it("disconnects: unsubscribes, deletes the token, and answers 404 after", async () => {
    const cafe = (await accounts()).find((a) => a.igUserId === DEMO.secondAccount.id);
    const del = await authed(owner, `${base}/api/instagram/accounts/${cafe?.id}`, { method: "DELETE" });
    expect(del.status).toBe(204);
    expect((await accounts()).find((a) => a.id === cafe?.id)).toBeUndefined();
    expect(JSON.stringify(await subscriptions())).not.toContain(DEMO.secondAccount.pageId);
    expect((await authed(owner, `${base}/api/instagram/accounts/${cafe?.id}`)).status).toBe(404);
    expect(
      (await authed(owner, `${base}/api/instagram/accounts/${cafe?.id}`, { method: "DELETE" })).status,
    ).toBe(404);
    const bad = await authed(owner, `${base}/api/instagram/accounts/not-a-uuid`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "validation_failed" } });
  });
});

describe.each(availableBackends())("the built-in sandbox, with no Meta credentials, on %s", (backendName) => {
  let backend: TestBackend;
  let runtime: Runtime;
  let base: string;
  let owner: TestSession;

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    const port = await freePort();
    runtime = await startRuntime(
      testConfig(backend, { PORT: String(port), APP_URL: `http://127.0.0.1:${port}` }),
      ["web", "worker"],
      logger,
    );
    base = runtime.url as string;
    owner = await signUp(base, new URL(base).origin);
  });
  afterAll(async () => {
    await runtime?.stop();
    await backend?.dispose();
  });

  it("connects a sandbox account through the same routes, then the sandbox sends it signed webhooks", async () => {
    expect(await (await authed(owner, `${base}/api/instagram/connect/options`)).json()).toEqual({
      instagram: false,
      facebook: false,
      sandbox: true,
    });
    const browser = new TestBrowser().withCookies(base, owner.cookie);
    const start = await browser.request(`${base}/api/instagram/connect/sandbox/start`);
    expect(start.location).toMatch(new RegExp(`^${base}/sandbox/oauth/instagram/authorize\\?`));
    const dialog = await browser.visit(start.location as string);
    const done = await browser.submit(dialog, { decision: "allow" });
    expect(done.text).toContain("@autodm_demo_shop is connected");
    const { accounts } = (await (await authed(owner, `${base}/api/instagram/accounts`)).json()) as {
      accounts: { loginType: string; igUserId: string; status: string }[];
    };
    expect(accounts).toEqual([
      expect.objectContaining({ loginType: "sandbox", igUserId: DEMO.account.id, status: "connected" }),
    ]);

    await authed(owner, `${base}/sandbox/control/people/${DEMO.people.follower}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ accountId: DEMO.account.id, text: "LINK" }),
    });
    // The sandbox delivers the event to this autodm's own webhook route, as Meta would. (That
    // route answers 404 until the pipeline's receiver exists; the sandbox then retries.)
    type Delivery = { status: number; body: string };
    let deliveries: Delivery[] = [];
    for (let i = 0; i < 100 && deliveries.length === 0; i++) {
      await sleep(50);
      deliveries = (
        (await (await authed(owner, `${base}/sandbox/control/deliveries`)).json()) as {
          deliveries: Delivery[];
        }
      ).deliveries;
    }
    expect(deliveries.length).toBeGreaterThan(0);
    const body = JSON.parse(deliveries[0]?.body as string);
    expect(body.entry[0]).toMatchObject({ id: DEMO.account.id });
    expect(body.entry[0].messaging[0].message.text).toBe("LINK");
  });

  it("answers 503 for a login path that is not configured", async () => {
    const res = await authed(owner, `${base}/api/instagram/connect/instagram/start`, { redirect: "manual" });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: "unavailable" } });
  });
});
