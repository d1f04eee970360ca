import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPublicApiPath, ruleFor } from "../src/server/auth/permissions.ts";
import { contacts, conversations, instagramAccounts, messages } from "../src/server/db/schema/index.ts";
import { createLogger } from "../src/server/observability/logger.ts";
import { type Runtime, startRuntime } from "../src/server/runtime.ts";
import {
  createApiKey,
  memberWithRole,
  signUp,
  type TestSession,
  uniqueEmail,
} from "./support/auth-helper.ts";
import { availableBackends, provisionBackend, type TestBackend } from "./support/backends.ts";
import { testConfig } from "./support/test-config.ts";

const AUTOMATION = {
  version: 1,
  name: "A's secret automation",
  trigger: { type: "comment_keyword", posts: "any" },
  conditions: { keywords: [{ text: "link", match: "equals" }] },
  actions: [{ type: "send_text", variations: ["secret of A"] }],
};
/** Valid bodies, so a request reaches the workspace check rather than stopping at validation. */
const BODIES: Record<string, unknown> = {
  "PUT /api/automations/:id": { ...AUTOMATION, name: "overwritten by B" },
  "PATCH /api/automations/:id": { enabled: false },
  "PATCH /api/leads/:id": { notes: "overwritten by B" },
  "POST /api/leads": { name: "B's lead" },
  "POST /api/conversations/:id/messages": { text: "written by B" },
  "PATCH /api/conversations/:id": { priority: true },
  "PUT /api/conversations/:id/assignee": { assigneeId: null },
  "POST /api/conversations/:id/bot": { action: "release" },
  "PUT /api/inbox/settings": { humanAgentReplies: true },
  "POST /api/inbox/templates": { name: "B's template", category: "other", content: "by B" },
  "PUT /api/inbox/templates/:id": { name: "overwritten by B", category: "other", content: "by B" },
};

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });

/**
 * Walks every route the app serves under /api and /sandbox/control: without credentials → 401;
 * as workspace B with workspace A's ids → 404/403 and never A's data; as a viewer on a write →
 * 403. A route missing from permissions.ts fails the first test.
 */
describe.each(availableBackends())("tenant isolation over every route on %s", (backendName) => {
  let backend: TestBackend;
  let runtime: Runtime;
  let base: string;
  let ownerA: TestSession;
  let viewerA: TestSession;
  let ownerB: TestSession;
  let keyB: string;
  const idsOfA: Record<string, string> = {};
  let routes: { method: string; path: string }[] = [];

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
    const lead = await fetch(`${base}/api/leads`, {
      method: "POST",
      headers: ownerA.headers(),
      body: JSON.stringify({ name: "A's secret lead", email: "secret-lead@example.test" }),
    });
    expect(lead.status).toBe(201);
    idsOfA.lead = ((await lead.json()) as { lead: { id: string } }).lead.id;
    BODIES["POST /api/leads/bulk"] = { action: "tag", ids: [idsOfA.lead], tag: "by B" };
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
      .map((r) => ({ method: r.method, path: r.path }));
  });
  afterAll(async () => {
    await runtime?.stop();
    await backend?.dispose();
  });

  /** A concrete URL for a route, with A's ids in it. */
  const urlFor = (path: string) =>
    base +
    path
      .replace(/\/api\/automations\/:id/, `/api/automations/${idsOfA.automation}`)
      .replace(/\/api\/instagram\/accounts\/:id/, `/api/instagram/accounts/${idsOfA.account}`)
      .replace(/\/api\/api-keys\/:id/, `/api/api-keys/${idsOfA.apiKey}`)
      .replace(/\/api\/leads\/:id/, `/api/leads/${idsOfA.lead}`)
      .replace(/:contactId/, idsOfA.contact as string)
      .replace(/\/api\/conversations\/:id/, `/api/conversations/${idsOfA.conversation}`)
      .replace(/\/api\/inbox\/templates\/:id/, `/api/inbox/templates/${idsOfA.template}`)
      .replace(/:templateId/, idsOfA.template as string)
      .replace(/:method(\{[^}]*\})?/, "sandbox")
      .replace(/:job(\{[^}]*\})?/, "processPerson")
      .replace(/:(\w+)(\{[^}]*\})?/g, "x1")
      .replace(/\*$/, "x1");

  async function call(method: string, path: string, headers: Record<string, string>) {
    const controller = new AbortController();
    const res = await fetch(urlFor(path), {
      method,
      headers: { "content-type": "application/json", ...headers },
      ...(method === "GET" || method === "HEAD"
        ? {}
        : { body: JSON.stringify(BODIES[`${method} ${path}`] ?? {}) }),
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

  it("every route is covered by the permission table (a new route fails here until listed)", () => {
    expect(routes.length).toBeGreaterThan(20);
    const uncovered = routes.filter(
      (r) => !isPublicApiPath(r.path) && !ruleFor(r.method, urlFor(r.path).slice(base.length)),
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
      "secret of A",
      ownerA.email,
    ];
    for (const r of routes.filter((r) => !isPublicApiPath(r.path))) {
      for (const headers of [ownerB.headers(), { authorization: `Bearer ${keyB}` }]) {
        const { status, text } = await call(r.method, r.path, headers);
        const label = `${r.method} ${r.path}`;
        for (const m of markers) expect(text.includes(m as string), `${label} leaked ${m}`).toBe(false);
        if (/:(id|contactId)\b/.test(r.path) && !r.path.startsWith("/api/jobs/")) {
          expect([403, 404], `${label} → ${status}`).toContain(status);
        }
      }
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
  });
});
