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
            r.method !== "ALL" && /^\/(api|webhooks|health|metrics)/.test(r.path) && !r.path.includes("*"),
        )
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}")}`),
    );
    const documented = new Set([...OPERATIONS, ...OPTIONAL_OPERATIONS].map((o) => `${o.method} ${o.path}`));
    expect([...served].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !served.has(r))).toEqual([]);
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
