import http from "node:http";
import { createDatabase, type Database } from "../../src/server/db/database.ts";
import { runMigrations } from "../../src/server/db/migrate.ts";
import { createLogger } from "../../src/server/observability/logger.ts";
import { startSandboxServer } from "../../src/server/sandbox/index.ts";
import { type BackendName, provisionBackend, type TestBackend } from "./backends.ts";

/** Helpers for the sandbox's integration tests: a real database, a real server, a real receiver. */
export const TEST_APP = { id: "123456789012345", secret: "sandbox-test-app-secret-0123456789" };
export const logger = createLogger({
  log: { level: process.env.TEST_LOG_LEVEL ?? "silent", format: "json" },
  version: "test",
});

export interface Received {
  raw: Buffer;
  headers: http.IncomingHttpHeaders;
  at: number;
}

/** A local webhook receiver that records raw bytes; `respond` decides the status. */
export async function startReceiver() {
  const received: Received[] = [];
  let respond: (n: number) => number = () => 200;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ raw: Buffer.concat(chunks), headers: req.headers, at: Date.now() });
      res.statusCode = respond(received.length);
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/webhooks/instagram`,
    received,
    setResponder(fn: (n: number) => number) {
      respond = fn;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test helper reads arbitrary JSON
  body: any;
}

export async function startKit(backendName: BackendName, opts: { deliveryIntervalMs?: number } = {}) {
  const backend: TestBackend = await provisionBackend(backendName);
  const database: Database = createDatabase(backend.databaseUrl, { max: 5, applicationName: "sandbox-test" });
  await runMigrations(database.pool, { logger, queueSchema: null });
  const receiver = await startReceiver();
  const server = await startSandboxServer({
    db: database.db,
    logger,
    graphVersion: "v24.0",
    app: TEST_APP,
    webhookUrl: receiver.url,
    deliveryIntervalMs: opts.deliveryIntervalMs ?? 50,
  });
  const base = server.url;

  async function call(
    method: string,
    path: string,
    options: { token?: string; json?: unknown; form?: Record<string, string> } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(options.form).toString();
    }
    const res = await fetch(`${base}${path}`, { method, headers, body, redirect: "manual" });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: res.status, headers: res.headers, body: parsed };
  }

  return {
    backend,
    database,
    receiver,
    server,
    base,
    call,
    control: (method: string, path: string, json?: unknown) =>
      call(method, `/control${path}`, json === undefined ? {} : { json }),
    advance: (ms: number) => call("POST", "/control/clock", { json: { advanceMs: ms } }),
    async stop() {
      await server.stop();
      await receiver.close();
      await database.close();
      await backend.dispose();
    },
  };
}

export type Kit = Awaited<ReturnType<typeof startKit>>;

/** Instagram Login end to end: dialog → Allow → code → short token → long-lived token. */
export async function connectInstagram(kit: Kit, accountId: string, redirectUri = "https://app.example/cb") {
  const q = new URLSearchParams({
    client_id: TEST_APP.id,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: "instagram_business_basic,instagram_business_manage_messages",
    state: "s1",
  });
  const allow = await fetch(`${kit.base}/oauth/instagram/authorize?${q}`, {
    method: "POST",
    body: new URLSearchParams({ ...Object.fromEntries(q), choice: accountId, decision: "allow" }),
    redirect: "manual",
  });
  const location = new URL(allow.headers.get("location") as string);
  const code = location.searchParams.get("code") as string;
  const short = await kit.call("POST", "/ig-api/oauth/access_token", {
    form: {
      client_id: TEST_APP.id,
      client_secret: TEST_APP.secret,
      grant_type: "authorization_code",
      redirect_uri: redirectUri,
      code,
    },
  });
  const shortToken = short.body.data[0].access_token as string;
  const long = await kit.call(
    "GET",
    `/ig-graph/access_token?grant_type=ig_exchange_token&client_secret=${TEST_APP.secret}&access_token=${shortToken}`,
  );
  return { shortToken, longToken: long.body.access_token as string };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error("waitFor: timed out");
    await sleep(25);
  }
}
