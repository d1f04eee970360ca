import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  availableBackends,
  freePort,
  provisionBackend,
  type TestBackend,
} from "../../../test/support/backends.ts";
import { type Api, authenticate, connectSandbox } from "../../../test/support/burst.ts";
import { testConfig } from "../../../test/support/test-config.ts";
import { createLogger } from "../observability/logger.ts";
import { type Runtime, startRuntime } from "../runtime.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });

const NUL = "\u0000";
const LONE = "\ud800";

function automation(over: { name?: string; keyword?: string; variation?: string; extra?: unknown }) {
  return {
    version: 1,
    name: over.name ?? "Price keyword",
    trigger: { type: "dm_keyword" },
    conditions: { keywords: [{ text: over.keyword ?? "price", match: "contains" }] },
    actions: [{ type: "send_text", variations: [over.variation ?? "It is 10 €"] }],
    ...(over.extra === undefined ? {} : { extra: over.extra }),
  };
}

/** JSON text of `levels` nested arrays (JSON.stringify itself overflows its stack on it). */
function nested(levels: number): string {
  return `${JSON.stringify(automation({ extra: "DEEP" })).replace('"DEEP"', `${"[".repeat(levels)}1${"]".repeat(levels)}`)}`;
}

/**
 * Issue 19: values PostgreSQL cannot store (U+0000, lone surrogates), absurd nesting and
 * oversized fields anywhere in a request — path, query, body — are a 400 naming the field,
 * never a 500 from the database.
 */
describe.each(availableBackends())("poison input at the API edge on %s", (backendName) => {
  let backend: TestBackend;
  let runtime: Runtime;
  let api: Api;
  let accountId: string;

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    const port = await freePort();
    runtime = await startRuntime(
      testConfig(backend, { PORT: String(port), APP_URL: `http://127.0.0.1:${port}` }),
      ["web"],
      logger,
    );
    api = await authenticate(runtime.url as string);
    await connectSandbox(api);
    const { accounts } = await api.json<{ accounts: { id: string }[] }>("GET", "/api/instagram/accounts");
    accountId = accounts[0]?.id as string;
  });
  afterAll(async () => {
    await runtime?.stop();
    await backend?.dispose();
  });

  async function call(
    method: string,
    path: string,
    body?: string | unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(`${api.base}${path}`, {
      method,
      headers: {
        ...api.headers,
        origin: api.base,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      text,
      json: (text.startsWith("{") ? JSON.parse(text) : {}) as { error?: { code?: string; message?: string } },
    };
  }

  it("accepts the clean versions of the requests below (so a 400 there is the poison's)", async () => {
    expect((await call("POST", "/api/automations", automation({}))).status).toBe(201);
    expect(
      (await call("POST", `/api/ai-settings/${accountId}/preview`, { message: "how much?" })).status,
    ).toBe(200);
    expect((await call("GET", "/api/activity?q=price")).status).toBe(200);
  });

  const cases: {
    what: string;
    method: string;
    path: (accountId: string) => string;
    body?: unknown;
    field: string;
  }[] = [
    {
      what: "a NUL job id in the path",
      method: "POST",
      path: () => "/api/jobs/dead-letters/processPerson/%00/retry",
      field: "id",
    },
    {
      what: "a NUL automation name",
      method: "POST",
      path: () => "/api/automations",
      body: automation({ name: `a${NUL}b` }),
      field: "name",
    },
    {
      what: "a NUL keyword",
      method: "POST",
      path: () => "/api/automations",
      body: automation({ keyword: `pri${NUL}ce` }),
      field: "conditions.keywords.0.text",
    },
    {
      what: "a NUL variation",
      method: "POST",
      path: () => "/api/automations",
      body: automation({ variation: `hello${NUL}` }),
      field: "actions.0.variations.0",
    },
    {
      what: "a lone surrogate in a variation",
      method: "POST",
      path: () => "/api/automations",
      body: automation({ variation: `hello ${LONE}` }),
      field: "actions.0.variations.0",
    },
    {
      what: "a NUL in a key",
      method: "POST",
      path: () => "/api/automations",
      body: { ...automation({}), [`na${NUL}me`]: "x" },
      field: `na${NUL}me`,
    },
    {
      what: "200,000 levels of nesting",
      method: "POST",
      path: () => "/api/automations",
      body: nested(200_000),
      field: "extra",
    },
    {
      what: "a 600 KB field",
      method: "POST",
      path: () => "/api/automations",
      body: automation({ extra: "x".repeat(600_000) }),
      field: "extra",
    },
    {
      what: "NUL in the AI preview text",
      method: "POST",
      path: (id) => `/api/ai-settings/${id}/preview`,
      body: { message: `how much${NUL}?` },
      field: "message",
    },
    {
      what: "a lone surrogate in the AI preview text",
      method: "POST",
      path: (id) => `/api/ai-settings/${id}/preview`,
      body: { message: `how much ${LONE}?` },
      field: "message",
    },
    {
      what: "NUL in an invitation email",
      method: "POST",
      path: () => "/api/invitations",
      body: { email: `a${NUL}@example.test`, role: "member" },
      field: "email",
    },
    { what: "NUL in a query parameter", method: "GET", path: () => "/api/activity?q=a%00b", field: "q" },
    {
      what: "NUL in a sign-up name (better-auth's route)",
      method: "POST",
      path: () => "/api/auth/sign-up/email",
      body: { email: "nul-name@example.test", password: "correct horse battery staple", name: `Jo${NUL}` },
      field: "name",
    },
  ];

  it.each(cases)("$what → 400 naming $field", async ({ method, path, body, field }) => {
    const res = await call(method, path(accountId), body);
    expect(res.status, res.text.slice(0, 300)).toBe(400);
    expect(res.json.error?.code).toBe("validation_failed");
    expect(String(res.json.error?.message).startsWith(field), res.json.error?.message).toBe(true);
  });

  it("stored none of the poisoned automations", async () => {
    const { automations } = await api.json<{ automations: { name: string }[] }>("GET", "/api/automations");
    expect(automations.map((a) => a.name)).toEqual(["Price keyword"]);
  });
});
