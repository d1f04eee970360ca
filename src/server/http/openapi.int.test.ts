import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { testConfig } from "../../../test/support/test-config.ts";
import { createLogger } from "../observability/logger.ts";
import { type Runtime, startRuntime } from "../runtime.ts";
import { OPTIONAL_OPERATIONS } from "./openapi-extra-operations.ts";
import { OPERATIONS } from "./openapi-operations.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });

describe("the OpenAPI document", () => {
  let backend: TestBackend;
  let runtime: Runtime;
  beforeAll(async () => {
    backend = await provisionBackend("pglite");
    runtime = await startRuntime(testConfig(backend, { DEMO_JOBS_API: "on" }), ["web"], logger);
  });
  afterAll(async () => {
    await runtime?.stop();
    await backend?.dispose();
  });

  it("describes exactly the routes the app serves (a new route fails this until documented)", () => {
    const served = new Set(
      (runtime.app?.routes ?? [])
        .filter(
          (r) =>
            r.method !== "ALL" &&
            /^\/(api|webhooks|health|metrics|meta\/)/.test(r.path) &&
            !r.path.includes("*"),
        )
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}")}`),
    );
    const documented = new Set([...OPERATIONS, ...OPTIONAL_OPERATIONS].map((o) => `${o.method} ${o.path}`));
    expect([...served].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !served.has(r))).toEqual([]);
  });

  it("gives every operation a response schema (a route without one fails this)", async () => {
    type Responses = Record<string, { content?: Record<string, { schema?: object }> }>;
    const doc = (await (await fetch(`${runtime.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Responses }>>;
    };
    const missing: string[] = [];
    let operations = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        operations++;
        const statuses = Object.keys(op.responses);
        if (!statuses.some((s) => /^[23]/.test(s))) missing.push(`${method} ${path}: no success answer`);
        for (const [status, response] of Object.entries(op.responses)) {
          // 204 and redirects carry no body; every other answer says what its body is.
          if (status === "204" || status.startsWith("3")) continue;
          const bodies = Object.entries(response.content ?? {});
          if (bodies.length === 0) missing.push(`${method} ${path} ${status}: no content`);
          for (const [type, body] of bodies) {
            if (!body.schema || Object.keys(body.schema).length === 0)
              missing.push(`${method} ${path} ${status} ${type}: no schema`);
          }
        }
      }
    }
    expect(operations).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it("is served at /api/openapi.json with request schemas from the validators", async () => {
    const doc = (await (await fetch(`${runtime.url}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { properties?: object } }> } }>
      >;
    };
    expect(doc.openapi).toBe("3.1.0");
    const create = doc.paths["/api/automations"]?.post?.requestBody?.content["application/json"]?.schema;
    expect(JSON.stringify(create)).toContain("comment_keyword");
    expect(JSON.stringify(create)).toContain("private_reply");
  });
});
