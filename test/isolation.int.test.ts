import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPublicApiPath, ruleFor } from "../src/server/auth/permissions.ts";
import {
  activity,
  contacts,
  conversations,
  instagramAccounts,
  messages,
} from "../src/server/db/schema/index.ts";
import { OPTIONAL_OPERATIONS } from "../src/server/http/openapi-extra-operations.ts";
import { OPERATIONS } from "../src/server/http/openapi-operations.ts";
import { jobs } from "../src/server/jobs/catalog.ts";
import { PermanentJobError } from "../src/server/jobs/job.ts";
import { type JobHandlers, JobQueue } from "../src/server/jobs/job-queue.ts";
import { createQueueBackend } from "../src/server/jobs/queue-backend.ts";
import { createLogger } from "../src/server/observability/logger.ts";
import { createMetrics } from "../src/server/observability/metrics.ts";
import { type Runtime, startRuntime } from "../src/server/runtime.ts";
import { AUTOMATION_OF_A as AUTOMATION, type IdsOfA, ROUTES, type RouteCase } from "./isolation-routes.ts";
import {
  createApiKey,
  memberWithRole,
  signUp,
  type TestSession,
  uniqueEmail,
} from "./support/auth-helper.ts";
import { availableBackends, provisionBackend, type TestBackend } from "./support/backends.ts";
import { testConfig } from "./support/test-config.ts";
import { waitFor } from "./support/wait-for.ts";

/** The route table's key: "GET /api/leads/:id" (Hono's pattern, a param's regex dropped). */
const keyOf = (method: string, path: string) => `${method} ${path.replace(/:(\w+)\{[^}]*\}/g, ":$1")}`;

const fail = async () => {
  throw new PermanentJobError("boom");
};

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });

/**
 * Walks every route the app serves under /api and /sandbox/control, each with real ids of
 * workspace A in its path (test/isolation-routes.ts says which): without credentials → 401; as
 * workspace B → 404/403 wherever the path (or body) names A's rows, and never A's data; as a
 * viewer on a write → 403. A route missing from permissions.ts, or from isolation-routes.ts
 * (served or documented in OpenAPI), fails the first tests.
 */
describe.each(availableBackends())("tenant isolation over every route on %s", (backendName) => {
  let backend: TestBackend;
  let runtime: Runtime;
  let base: string;
  let ownerA: TestSession;
  let viewerA: TestSession;
  let ownerB: TestSession;
  let keyB: string;
  const idsOfA = {} as IdsOfA;
  let routes: { method: string; path: string; key: string; case: RouteCase | undefined }[] = [];
  let failingWorker: JobQueue | undefined;

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    const config = testConfig(backend, { DEMO_JOBS_API: "on", SANDBOX: "on" });
    runtime = await startRuntime(config, ["web"], logger);
    base = runtime.url as string;
    const origin = config.http.appUrl;
    ownerA = await signUp(base, origin, { email: uniqueEmail("owner-a") });
    ownerB = await signUp(base, origin, { email: uniqueEmail("owner-b") });
    viewerA = await memberWithRole(base, ownerA, "viewer");
    keyB = await createApiKey(base, ownerB, "owner");

    const meA = (await (await fetch(`${base}/api/me`, { headers: ownerA.headers() })).json()) as {
      workspace: { id: string };
    };
    const automation = await fetch(`${base}/api/automations`, {
      method: "POST",
      headers: ownerA.headers(),
      body: JSON.stringify(AUTOMATION),
    });
    expect(automation.status).toBe(201);
    idsOfA.automation = ((await automation.json()) as { id: string }).id;
    const [account] = await runtime.database.db
      .insert(instagramAccounts)
      .values({
        workspaceId: meA.workspace.id,
        loginType: "sandbox",
        igUserId: "17841400000000001",
        username: "a_secret_account",
        accessToken: "ciphertext",
        tokenIssuedAt: new Date(),
      })
      .returning();
    idsOfA.account = account?.id as string;
    const [contact] = await runtime.database.db
      .insert(contacts)
      .values({
        workspaceId: meA.workspace.id,
        accountId: idsOfA.account,
        igsid: "900000000000042",
        username: "a_secret_person",
      })
      .returning();
    idsOfA.contact = contact?.id as string;
    idsOfA.contactIgsid = "900000000000042";
    const [row] = await runtime.database.db
      .insert(activity)
      .values({
        workspaceId: meA.workspace.id,
        accountId: idsOfA.account,
        contactId: idsOfA.contact,
        personId: idsOfA.contactIgsid,
        trigger: "dm_keyword",
        incomingText: "secret of A",
        status: "failed",
        reason: "send_failed",
      })
      .returning();
    idsOfA.activity = String(row?.id);
    const lead = await fetch(`${base}/api/leads`, {
      method: "POST",
      headers: ownerA.headers(),
      body: JSON.stringify({ name: "A's secret lead", email: "secret-lead@example.test" }),
    });
    expect(lead.status).toBe(201);
    idsOfA.lead = ((await lead.json()) as { lead: { id: string } }).lead.id;
    const template = await fetch(`${base}/api/inbox/templates`, {
      method: "POST",
      headers: ownerA.headers(),
      body: JSON.stringify({ name: "A's template", category: "greeting", content: "secret of A" }),
    });
    expect(template.status).toBe(201);
    idsOfA.template = ((await template.json()) as { id: string }).id;
    // A's contact is also a conversation, with a message only A may read.
    idsOfA.conversation = idsOfA.contact;
    await runtime.database.db.insert(conversations).values({
      contactId: idsOfA.conversation,
      workspaceId: meA.workspace.id,
      accountId: idsOfA.account,
      lastMessageAt: new Date(),
      lastMessagePreview: "secret of A",
      lastMessageDirection: "in",
      canReplyUntil: new Date(Date.now() + 3600_000),
    });
    await runtime.database.db.insert(messages).values({
      workspaceId: meA.workspace.id,
      conversationId: idsOfA.conversation,
      accountId: idsOfA.account,
      direction: "in",
      type: "text",
      text: "secret of A",
      senderKind: "person",
      status: "received",
      at: new Date(),
    });
    const keyA = await fetch(`${base}/api/api-keys`, {
      method: "POST",
      headers: ownerA.headers(),
      body: JSON.stringify({ name: "A's key", role: "viewer" }),
    });
    idsOfA.apiKey = ((await keyA.json()) as { id: string }).id;

    // A dead letter of A's: a mailbox job of A's account, failed for good by a worker of its own.
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
    failingWorker.startWorkers(
      Object.fromEntries(Object.keys(jobs).map((k) => [k, fail])) as unknown as JobHandlers,
    );
    const { id: deadJob } = await runtime.jobQueue.enqueue("processPerson", {
      igAccountId: "17841400000000001",
      personId: idsOfA.contactIgsid,
    });
    await waitFor("A's dead letter", async () =>
      (await runtime.jobQueue.listDeadLetters("processPerson")).some((d) => d.id === deadJob),
    );
    idsOfA.deadLetter = deadJob;

    const seen = new Set<string>();
    routes = (runtime.app?.routes ?? [])
      .filter((r) => r.method !== "ALL")
      .filter((r) => /^\/api\//.test(r.path) || r.path.startsWith("/sandbox/control"))
      .filter((r) => !r.path.startsWith("/api/auth/") && r.path !== "/api/*")
      .filter((r) => {
        const key = `${r.method} ${r.path}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .map((r) => ({
        method: r.method,
        path: r.path,
        key: keyOf(r.method, r.path),
        case: ROUTES[keyOf(r.method, r.path)],
      }));
  });
  afterAll(async () => {
    await failingWorker?.close(1_000);
    await runtime?.stop();
    await backend?.dispose();
  });

  /** A concrete path for a route, each parameter filled as isolation-routes.ts says. */
  const pathFor = (method: string, path: string) => {
    const entry = ROUTES[keyOf(method, path)];
    return path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => {
      const value = entry?.params?.[name];
      if (value === undefined)
        throw new Error(`${method} ${path}: no value for :${name} in isolation-routes.ts`);
      return encodeURIComponent(typeof value === "string" ? idsOfA[value] : value.literal);
    });
  };
  const urlFor = (method: string, path: string) => base + pathFor(method, path);
  /** The route's parameters (or body) name A's rows: B must be refused. */
  const namesRowsOfA = (c: RouteCase | undefined) =>
    !c?.notForeign && (c?.foreign || Object.values(c?.params ?? {}).some((v) => typeof v === "string"));

  async function call(method: string, path: string, headers: Record<string, string>) {
    const controller = new AbortController();
    const res = await fetch(urlFor(method, path), {
      method,
      headers: { "content-type": "application/json", ...headers },
      ...(method === "GET" || method === "HEAD"
        ? {}
        : { body: JSON.stringify(ROUTES[keyOf(method, path)]?.body?.(idsOfA) ?? {}) }),
      redirect: "manual",
      signal: controller.signal,
    });
    const isStream = res.headers.get("content-type")?.includes("text/event-stream");
    let text = "";
    if (isStream) {
      const reader = res.body?.getReader();
      const first = await reader?.read();
      text = new TextDecoder().decode(first?.value ?? new Uint8Array());
      controller.abort();
    } else {
      text = await res.text();
    }
    return { status: res.status, text };
  }

  it("every route has an entry in isolation-routes.ts (a new route fails here until listed)", () => {
    expect(routes.length).toBeGreaterThan(20);
    // What the app serves here, and what the OpenAPI document lists (a route mounted only under
    // some configuration, e.g. billing, included).
    const documented = [...OPERATIONS, ...OPTIONAL_OPERATIONS]
      .filter((o) => /^\/(api|sandbox\/control)\//.test(o.path) && !o.path.startsWith("/api/auth/"))
      .map((o) => `${o.method.toUpperCase()} ${o.path.replace(/\{(\w+)\}/g, ":$1")}`);
    const required = new Set([...routes.map((r) => r.key), ...documented]);
    expect(
      [...required].filter((k) => !ROUTES[k]),
      "routes without an entry",
    ).toEqual([]);
    expect(
      Object.keys(ROUTES).filter((k) => !required.has(k)),
      "entries for routes neither served nor documented",
    ).toEqual([]);
    // Every parameter gets a value (pathFor throws for a missing one).
    for (const r of routes) expect(pathFor(r.method, r.path)).not.toMatch(/:\w/);
  });

  it("every route is covered by the permission table (a new route fails here until listed)", () => {
    const uncovered = routes.filter(
      (r) => !isPublicApiPath(r.path) && !ruleFor(r.method, pathFor(r.method, r.path)),
    );
    expect(uncovered).toEqual([]);
  });

  it("answers 401 without credentials", async () => {
    for (const r of routes.filter((r) => !isPublicApiPath(r.path))) {
      const { status } = await call(r.method, r.path, {});
      expect({ route: `${r.method} ${r.path}`, status }).toEqual({
        route: `${r.method} ${r.path}`,
        status: 401,
      });
    }
  });

  it("never shows workspace A's data to workspace B (cookie or API key)", async () => {
    const markers = [
      idsOfA.automation,
      idsOfA.account,
      idsOfA.lead,
      "a_secret_account",
      "a_secret_person",
      "secret-lead@example.test",
      idsOfA.conversation,
      idsOfA.template,
      // The person behind A's activity row and dead letter (job ids are numbers: no marker).
      idsOfA.contactIgsid,
      "secret of A",
      ownerA.email,
    ];
    for (const r of routes.filter((r) => !isPublicApiPath(r.path))) {
      for (const headers of [ownerB.headers(), { authorization: `Bearer ${keyB}` }]) {
        const { status, text } = await call(r.method, r.path, headers);
        const label = `${r.method} ${r.path}`;
        // What B itself sent (an id in the path, echoed in a 404) is not a leak.
        const sent = pathFor(r.method, r.path) + JSON.stringify(r.case?.body?.(idsOfA) ?? {});
        for (const m of markers.filter((m) => !sent.includes(m as string)))
          expect(text.includes(m as string), `${label} leaked ${m}`).toBe(false);
        if (namesRowsOfA(r.case)) expect([403, 404], `${label} → ${status}`).toContain(status);
        expect(status, `${label} → ${status}`).toBeLessThan(500);
      }
    }
  });

  it("the ids are A's: A's owner reaches the row on every such read (not 403/404)", async () => {
    const reads = routes.filter((r) => r.method === "GET" && namesRowsOfA(r.case));
    expect(reads.length).toBeGreaterThanOrEqual(8);
    for (const r of reads) {
      // (A's fixture account has no real token: its media list fails upstream, after the lookup.)
      const { status } = await call(r.method, r.path, ownerA.headers());
      expect([401, 403, 404], `${r.key} → ${status}`).not.toContain(status);
    }
  });

  it("answers 403 to a viewer on every write route", async () => {
    for (const r of routes.filter((r) => r.method !== "GET" && !isPublicApiPath(r.path))) {
      const { status } = await call(r.method, r.path, viewerA.headers());
      expect({ route: `${r.method} ${r.path}`, status }).toEqual({
        route: `${r.method} ${r.path}`,
        status: 403,
      });
    }
  });

  it("workspace A still sees its own data", async () => {
    const res = await fetch(`${base}/api/automations/${idsOfA.automation}`, { headers: ownerA.headers() });
    expect(res.status).toBe(200);
    const acc = await fetch(`${base}/api/instagram/accounts/${idsOfA.account}`, {
      headers: viewerA.headers(),
    });
    expect(acc.status).toBe(200);
    const lead = await fetch(`${base}/api/leads/${idsOfA.lead}`, { headers: viewerA.headers() });
    expect((await lead.json()) as { name: string; tags: string[]; notes: string | null }).toMatchObject({
      name: "A's secret lead",
      tags: [],
      notes: null,
    });
    const thread = await fetch(`${base}/api/conversations/${idsOfA.conversation}/messages`, {
      headers: viewerA.headers(),
    });
    expect(thread.status).toBe(200);
    expect(await thread.text()).toContain("secret of A");
    // B's writes with A's ids changed nothing of A's.
    const automation = await fetch(`${base}/api/automations/${idsOfA.automation}`, {
      headers: ownerA.headers(),
    });
    expect(((await automation.json()) as { name: string }).name).toBe(AUTOMATION.name);
    const templates = await fetch(`${base}/api/inbox/templates`, { headers: ownerA.headers() });
    expect(await templates.text()).toContain("A's template");
    const letters = await fetch(`${base}/api/jobs/dead-letters`, { headers: ownerA.headers() });
    expect(await letters.text()).toContain(idsOfA.deadLetter);
  });
});
