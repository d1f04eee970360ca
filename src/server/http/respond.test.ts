import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "../observability/logger.ts";
import type { AppEnv } from "./app-env.ts";
import { type Operation, ok } from "./openapi-operation.ts";
import { checkResponses, reply } from "./respond.ts";

const Thing = z.object({ id: z.string(), at: z.string(), count: z.number() });
const Other = z.object({ id: z.string() });
const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });

const op = (path: string, schema: z.ZodType): Operation => ({
  method: "get",
  path,
  summary: path,
  tag: "test",
  responses: { 200: ok("OK", schema) },
});
const documented = [op("/things/{id}", Thing), op("/raw", Thing), op("/other", Thing)];
const library = [op("/lib/good", Other), op("/lib/bad", Other)];

function app(checks: boolean) {
  const a = new Hono<AppEnv>();
  a.use("*", async (c, next) => {
    c.set("logger", logger);
    await next();
  });
  if (checks) a.use("*", checkResponses(documented, library));
  a.get("/things/:id", (c) => {
    const id = c.req.param("id");
    // A Date is what the client reads as a string: checked after JSON, as sent.
    const at = new Date("2026-12-03T10:00:00Z") as unknown as string;
    return id === "bad"
      ? reply(c, Thing, { id, at, count: "three" } as unknown as z.output<typeof Thing>)
      : reply(c, Thing, { id, at, count: 3 });
  });
  a.get("/raw", (c) => c.json({ id: "x", at: "now", count: 1 }));
  a.get("/other", (c) => reply(c, Other, { id: "x" }));
  a.get("/lib/good", (c) => c.json({ id: "x", extra: true }));
  a.get("/lib/bad", (c) => c.json({ name: "x" }));
  return a;
}

const get = async (a: Hono<AppEnv>, path: string) => {
  const res = await a.request(path);
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
};

describe("reply() with response checks on (tests)", () => {
  const a = app(true);

  it("answers a body that matches its schema, as JSON", async () => {
    expect(await get(a, "/things/1")).toEqual({
      status: 200,
      body: { id: "1", at: "2026-12-03T10:00:00.000Z", count: 3 },
    });
  });

  it("answers 500 response_shape, naming the route and the field, when the body is off its schema", async () => {
    const { status, body } = await get(a, "/things/bad");
    expect(status).toBe(500);
    expect(body.error?.code).toBe("response_shape");
    expect(body.error?.message).toMatch(/^get \/things\/\{id\} answered 200 off its schema: count: /);
  });

  it("refuses a documented route that answers JSON without reply()", async () => {
    const { status, body } = await get(a, "/raw");
    expect(status).toBe(500);
    expect(body.error?.message).toBe("get /raw answered JSON without reply() (its schema is not checked)");
  });

  it("refuses a schema other than the one the OpenAPI document lists for the route", async () => {
    const { status, body } = await get(a, "/other");
    expect(status).toBe(500);
    expect(body.error?.message).toMatch(/with a schema its OpenAPI operation does not list for 200/);
  });

  it("checks a library's answers (better-auth) against the schemas they are documented with", async () => {
    expect(await get(a, "/lib/good")).toEqual({ status: 200, body: { id: "x", extra: true } });
    const bad = await get(a, "/lib/bad");
    expect(bad.status).toBe(500);
    expect(bad.body.error?.message).toMatch(/^get \/lib\/bad answered 200 off its schema: id: /);
  });
});

describe("reply() in production (checks off)", () => {
  it("only types: the body is sent as given, with no parse", async () => {
    const a = app(false);
    expect(await get(a, "/things/bad")).toEqual({
      status: 200,
      body: { id: "bad", at: "2026-12-03T10:00:00.000Z", count: "three" },
    });
    expect((await get(a, "/raw")).status).toBe(200);
  });
});
