import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { startReceiver, TEST_APP } from "../../../test/support/sandbox-test-kit.ts";
import { TEST_TOKEN_KEY } from "../../../test/support/test-config.ts";
import { loadConfig, type MetaConfig } from "../config.ts";
import { createDatabase, type Database } from "../db/database.ts";
import { runMigrations } from "../db/migrate.ts";
import { instagramAccounts } from "../db/schema/index.ts";
import { createLogger } from "../observability/logger.ts";
import { DEMO, startSandboxServer } from "../sandbox/index.ts";
import { loadKeyRing } from "../security/encryption-keys.ts";
import { createTokenVault } from "../security/token-vault.ts";
import { type GraphAccount, GraphClient } from "./graph-client.ts";
import { GraphError } from "./graph-error.ts";
import { NORMALIZED_FIELDS } from "./normalize-change.ts";
import { OAuthClient } from "./oauth-client.ts";
import { MessageLimitError } from "./outgoing-message.ts";
import { refreshDueTokens } from "./token-refresh.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });
const vault = createTokenVault(loadKeyRing({ tokenEncryptionKey: TEST_TOKEN_KEY, dataDir: "/nonexistent" }));
const DAY = 86_400_000;

/** Catches the GraphError a call must throw. */
async function graphError(call: Promise<unknown>): Promise<GraphError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof GraphError) return err;
    throw err;
  }
  throw new Error("expected a GraphError");
}

/**
 * The real Graph client against the sandbox, over HTTP: every operation and every error class.
 * Both sides were written from META_PLATFORM.md independently; this is where they meet.
 */
describe.each(availableBackends())("Graph client against the sandbox on %s", (backendName) => {
  let backend: TestBackend;
  let database: Database;
  let sandbox: Awaited<ReturnType<typeof startSandboxServer>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let meta: MetaConfig;
  let graph: GraphClient;
  let account: GraphAccount;

  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sandbox.url}/control${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const sandboxNow = async () => Number((await control("GET", "/clock")).nowMs);

  /** Instagram Login through the sandbox's dialog and our OAuth client. */
  async function connect(accountId: string) {
    const redirectUri = "http://127.0.0.1/callback";
    const q = new URLSearchParams({
      client_id: TEST_APP.id,
      redirect_uri: redirectUri,
      response_type: "code",
      state: "s",
    });
    const allow = await fetch(`${sandbox.url}/oauth/instagram/authorize?${q}`, {
      method: "POST",
      body: new URLSearchParams({ ...Object.fromEntries(q), choice: accountId, decision: "allow" }),
      redirect: "manual",
    });
    const code = new URL(allow.headers.get("location") as string).searchParams.get("code") as string;
    const oauth = new OAuthClient(meta);
    const short = await oauth.exchangeInstagramCode(`${code}#_`.replace(/#_$/, ""), redirectUri);
    const long = await oauth.exchangeInstagramLongLived(short.accessToken);
    return { short, long, me: await oauth.instagramMe(long.accessToken) };
  }

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    database = createDatabase(backend.databaseUrl, { max: 4, applicationName: "contract" });
    await runMigrations(database.pool, { logger, queueSchema: null });
    receiver = await startReceiver();
    sandbox = await startSandboxServer({
      db: database.db,
      logger,
      graphVersion: "v24.0",
      app: TEST_APP,
      webhookUrl: receiver.url,
      deliveryIntervalMs: 50,
    });
    meta = loadConfig({
      INSTAGRAM_GRAPH_URL: `${sandbox.url}/ig-graph`,
      FACEBOOK_GRAPH_URL: `${sandbox.url}/fb-graph`,
      INSTAGRAM_API_URL: `${sandbox.url}/ig-api`,
      INSTAGRAM_APP_ID: TEST_APP.id,
      INSTAGRAM_APP_SECRET: TEST_APP.secret,
      GRAPH_TIMEOUT_MS: "800",
    }).meta;
    graph = new GraphClient(meta);
    const { long, me } = await connect(DEMO.account.id);
    account = { loginType: "instagram", igUserId: me.igUserId, token: long.accessToken };
    // The follower opens the 24-hour window.
    await control("POST", `/people/${DEMO.people.follower}/messages`, {
      accountId: DEMO.account.id,
      text: "hello",
    });
  });
  afterAll(async () => {
    await control("PUT", "/faults", { errorShare: 0, rateLimitShare: 0, delayMs: 0 }).catch(() => {});
    await sandbox?.stop();
    await receiver?.close();
    await database?.close();
    await backend?.dispose();
  });

  it("exchanges code → short → long-lived token and reads /me (both token answer shapes)", async () => {
    await control("PUT", "/settings", { tokenAnswer: "unwrapped" });
    try {
      const { short, long, me } = await connect(DEMO.account.id);
      expect(short.userId).toBe(DEMO.account.id);
      expect(long.expiresInSeconds).toBeGreaterThan(59 * 86_400);
      expect(me).toMatchObject({ igUserId: DEMO.account.id, username: DEMO.account.username });
    } finally {
      await control("PUT", "/settings", { tokenAnswer: "wrapped" });
    }
  });

  it("refuses a reused authorization code with the token endpoint's own error shape", async () => {
    const oauth = new OAuthClient(meta);
    const e = await graphError(oauth.exchangeInstagramCode("not-a-code", "http://127.0.0.1/callback"));
    expect(e.info.type).toBe("OAuthException");
    expect(e.errorClass).toBe("permanent");
  });

  it("sends text with quick replies, media, buttons, a generic template and sender actions", async () => {
    const to = { id: DEMO.people.follower };
    const text = await graph.send(account, to, {
      kind: "text",
      text: "Pick one 🙌",
      quickReplies: [
        { title: "Prices", payload: "PRICES" },
        { title: "Hours", payload: "HOURS" },
      ],
    });
    expect(text.messageId).toBeTruthy();
    expect(text.recipientId).toBe(DEMO.people.follower);
    await graph.send(account, to, { kind: "media", mediaType: "image", url: "https://cdn.example/p.jpg" });
    await graph.send(account, to, {
      kind: "buttons",
      text: "Book a call?",
      buttons: [
        { type: "web_url", title: "Book", url: "https://example.org/book" },
        { type: "postback", title: "Later", payload: "LATER" },
      ],
    });
    await graph.send(account, to, {
      kind: "generic",
      elements: [{ title: "Course", subtitle: "Starts in May" }],
    });
    await graph.senderAction(account, DEMO.people.follower, "typing_on");
    await graph.senderAction(account, DEMO.people.follower, "mark_seen");

    const received = JSON.stringify(await control("GET", `/messages?accountId=${DEMO.account.id}`));
    expect(received).toContain("PRICES");
    expect(received).toContain("template_type");
    expect(received).toContain("typing_on");
  });

  it("reacts to the person's message", async () => {
    const thread = JSON.stringify(
      await control("GET", `/threads?accountId=${DEMO.account.id}&personId=${DEMO.people.follower}`),
    );
    const mid = thread.match(/"mid":"([^"]+)"/)?.[1] as string;
    expect(mid).toBeTruthy();
    await graph.react(account, DEMO.people.follower, mid, "love");
  });

  it("sends one private reply per comment and a public reply; a second private reply is refused", async () => {
    const comment = await control("POST", `/people/${DEMO.people.nonFollower}/comments`, {
      mediaId: DEMO.media.post1,
      text: "LINK please",
    });
    const commentId = String(comment.id);
    const reply = await graph.privateReply(account, commentId, {
      kind: "text",
      text: "Here is the link: https://x.org",
    });
    expect(reply.messageId).toBeTruthy();
    const again = await graphError(graph.privateReply(account, commentId, { kind: "text", text: "again" }));
    expect(again.errorClass).toBe("permanent");
    expect(again.code).toBe(10);

    const pub = await graph.publicReply(account, commentId, "Sent you a DM 🙌");
    expect(pub.id).toBeTruthy();

    // A private reply does not open the window: a normal DM to the commenter is refused.
    const dm = await graphError(
      graph.send(account, { id: DEMO.people.nonFollower }, { kind: "text", text: "hi" }),
    );
    expect(dm.isOutsideWindow).toBe(true);
  });

  it("manages webhook subscriptions", async () => {
    expect(await graph.subscribeWebhooks(account, ["messages", "comments"])).toBe(true);
    expect(await graph.listSubscriptions(account)).toEqual(expect.arrayContaining(["messages", "comments"]));
    expect(await graph.unsubscribeWebhooks(account)).toBe(true);
    expect(await graph.listSubscriptions(account)).toEqual([]);
    expect(await graph.subscribeWebhooks(account)).toBe(true);
    // Every field the normalizer turns into events is asked for, or its triggers never fire
    // (live comments were handled but never subscribed). Echoes come within `messages`.
    const subscribed = await graph.listSubscriptions(account);
    const expected = NORMALIZED_FIELDS.filter((f) => f !== "message_echoes");
    expect(subscribed.toSorted()).toEqual(expect.arrayContaining(expected.toSorted()));
    expect(subscribed).toEqual(expect.arrayContaining(["live_comments", "mentions"]));
  });

  it("reads a profile (with consent), conversations and messages", async () => {
    const profile = await graph.getUserProfile(account, DEMO.people.follower);
    expect(profile.is_user_follow_business).toBe(true);
    expect(profile.username).toBeTruthy();
    const conversations = await graph.listConversations(account);
    expect(conversations.data.length).toBeGreaterThan(0);
    const first = conversations.data[0]?.id as string;
    const messages = await graph.getConversationMessages(account, first);
    const mid = messages.messages?.data[0]?.id as string;
    expect(mid).toBeTruthy();
    const message = await graph.getMessage(account, mid);
    expect(message.id).toBe(mid);
  });

  it("classifies every error: window, unknown user, unavailable person, bad token", async () => {
    const outside = await graphError(
      graph.send(account, { id: DEMO.people.nonFollower }, { kind: "text", text: "x" }),
    );
    expect(outside.info).toMatchObject({ code: 10, subcode: 2534022 });
    expect(outside.errorClass).toBe("permanent");

    const unknown = await graphError(graph.send(account, { id: "999999999" }, { kind: "text", text: "x" }));
    expect(unknown.info).toMatchObject({ code: 100, subcode: 2534014 });
    expect(unknown.errorClass).toBe("permanent");

    await control("POST", `/people/${DEMO.people.closed}/messages`, {
      accountId: DEMO.account.id,
      text: "hi",
    });
    const closed = await graphError(
      graph.send(account, { id: DEMO.people.closed }, { kind: "text", text: "x" }),
    );
    expect(closed.code).toBe(551);
    expect(closed.errorClass).toBe("permanent");

    const invalid = await graphError(
      graph.send({ ...account, token: "IGAAnonsense" }, { id: "1" }, { kind: "text", text: "x" }),
    );
    expect(invalid.code).toBe(190);
    expect(invalid.errorClass).toBe("reconnect");
  });

  it("never calls Meta with a message that breaks a limit", async () => {
    const before = JSON.stringify(await control("GET", `/messages?accountId=${DEMO.account.id}`)).length;
    await expect(
      graph.send(account, { id: DEMO.people.follower }, { kind: "text", text: "é".repeat(501) }),
    ).rejects.toBeInstanceOf(MessageLimitError);
    expect(JSON.stringify(await control("GET", `/messages?accountId=${DEMO.account.id}`)).length).toBe(
      before,
    );
  });

  it("classifies injected faults: 5xx → retry, 613 → rate-limited, slow → timeout → retry", async () => {
    const to = { id: DEMO.people.follower };
    try {
      await control("PUT", "/faults", { errorShare: 1, rateLimitShare: 0, delayMs: 0 });
      const server = await graphError(graph.send(account, to, { kind: "text", text: "x" }));
      expect(server.info.httpStatus).toBeGreaterThanOrEqual(500);
      expect(server.errorClass).toBe("retry");

      await control("PUT", "/faults", { errorShare: 0, rateLimitShare: 1, delayMs: 0 });
      const limited = await graphError(graph.send(account, to, { kind: "text", text: "x" }));
      expect(limited.code).toBe(613);
      expect(limited.errorClass).toBe("rate-limited");

      await control("PUT", "/faults", { errorShare: 0, rateLimitShare: 0, delayMs: 1_500 });
      const slow = await graphError(graph.send(account, to, { kind: "text", text: "x" }));
      expect(slow.info.httpStatus).toBe(0);
      expect(slow.errorClass).toBe("retry");
    } finally {
      await control("PUT", "/faults", { errorShare: 0, rateLimitShare: 0, delayMs: 0 });
    }
  });

  it("refreshes tokens that are due, skips young ones, and marks expired ones", async () => {
    const { long, me } = await connect(DEMO.secondAccount.id);
    const issuedAt = new Date(await sandboxNow());
    const [row] = await database.db
      .insert(instagramAccounts)
      .values({
        workspaceId: "contract",
        loginType: "instagram",
        igUserId: me.igUserId,
        username: me.username,
        accessToken: vault.encrypt(long.accessToken),
        tokenIssuedAt: issuedAt,
        tokenExpiresAt: new Date(issuedAt.getTime() + (long.expiresInSeconds ?? 0) * 1000),
      })
      .returning();
    const id = row?.id as string;
    const targets = { real: meta, sandbox: undefined };
    const run = async () =>
      refreshDueTokens({ db: database.db, vault, meta: targets, logger, now: new Date(await sandboxNow()) });

    // Young (and far from expiry): not touched.
    expect((await run()).refreshed).not.toContain(id);

    // 51 days later: 9 days left, at least a day old → refreshed; the new token works.
    await control("POST", "/clock", { advanceMs: 51 * DAY });
    const report = await run();
    expect(report.refreshed).toContain(id);
    const [fresh] = await database.db.select().from(instagramAccounts).where(eq(instagramAccounts.id, id));
    expect(fresh?.accessToken).not.toBe(row?.accessToken);
    expect(fresh?.lastRefreshedAt).not.toBeNull();
    expect((fresh?.tokenExpiresAt?.getTime() ?? 0) - (await sandboxNow())).toBeGreaterThan(59 * DAY);
    await new OAuthClient(meta).instagramMe(vault.decrypt(fresh?.accessToken as string));

    // 61 more days with no refresh: expired, and the owner is asked to reconnect.
    await control("POST", "/clock", { advanceMs: 61 * DAY });
    expect((await run()).expired).toContain(id);
    const [lapsed] = await database.db.select().from(instagramAccounts).where(eq(instagramAccounts.id, id));
    expect(lapsed?.status).toBe("expired");
    expect(lapsed?.statusReason).toMatch(/Reconnect/);

    // A token Meta rejects (error 190) → expired with Meta's reason.
    const [revoked] = await database.db
      .insert(instagramAccounts)
      .values({
        workspaceId: "contract",
        loginType: "instagram",
        igUserId: "17841499999999999",
        username: "revoked",
        accessToken: vault.encrypt("IGAArevoked-token"),
        tokenIssuedAt: new Date((await sandboxNow()) - 55 * DAY),
        tokenExpiresAt: new Date((await sandboxNow()) + 5 * DAY),
      })
      .returning();
    expect((await run()).expired).toContain(revoked?.id);
    const [after] = await database.db
      .select()
      .from(instagramAccounts)
      .where(eq(instagramAccounts.id, revoked?.id as string));
    expect(after?.status).toBe("expired");
    expect(after?.statusReason).toMatch(/refused the token/);
  });
});
