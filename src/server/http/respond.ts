import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import type { Operation } from "./openapi-operation.ts";

/** What is wrong with an answer, or undefined when it matches its schema. */
export type ResponseCheck = (
  c: Context,
  schema: z.ZodType,
  body: unknown,
  status: number,
) => string | undefined;

/** Hono's pattern (/api/automations/:id) as the OpenAPI document writes it (/api/automations/{id}). */
export const openApiPath = (honoPath: string) => honoPath.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}");

const routeOf = (c: Context) => `${c.req.method.toLowerCase()} ${openApiPath(routePath(c))}`;

/**
 * The one way a route answers JSON: `body` is typed by its response schema from src/shared/api
 * (the schema the dashboard's types and the OpenAPI document are made from). With response
 * checks on (CHECK_RESPONSES, on in tests) the body is also validated as the client will read it,
 * and a mismatch answers 500 `response_shape`, so drift fails the test that made the call. In
 * production it only types: no parse per request.
 */
export function reply<S extends z.ZodType>(
  c: Context<AppEnv>,
  schema: S,
  body: z.output<S>,
  status: ContentfulStatusCode = 200,
): Response {
  const check = c.get("checkResponse");
  if (check) {
    c.set("replied", true);
    const problem = check(c, schema, body, status);
    if (problem) return shapeError(c, problem);
  }
  return c.json(body as object, status);
}

function shapeError(c: Context<AppEnv>, message: string): Response {
  c.get("logger").error({ problem: message }, "http.response-shape");
  return c.json({ error: { code: "response_shape", message } }, 500);
}

/**
 * Turns response checks on for every request: each reply() is validated against its schema and
 * must use the schema the OpenAPI document lists for that route and status; a documented route
 * that answers JSON without reply() is refused. `external` routes are answered by a library
 * (better-auth): their JSON answers are validated as they are, so the schemas the dashboard
 * reads them with are checked against the real thing.
 */
export function checkResponses(
  operations: readonly Operation[],
  external: readonly Operation[] = [],
): MiddlewareHandler<AppEnv> {
  const key = (method: string, path: string) => `${method.toLowerCase()} ${path}`;
  const documented = new Map(operations.map((o) => [key(o.method, o.path), o]));
  const library = new Map(external.map((o) => [key(o.method, o.path), o]));
  const check: ResponseCheck = (c, schema, body, status) => {
    const route = routeOf(c);
    const op = documented.get(route);
    if (op && op.responses[status]?.schema !== schema) {
      return `${route} answered ${status} with a schema its OpenAPI operation does not list for ${status}`;
    }
    // What the client reads: dates become strings, undefined fields disappear.
    return problemWith(route, status, schema, JSON.parse(JSON.stringify(body)));
  };
  return async (c, next) => {
    c.set("checkResponse", check);
    await next();
    const isJson = c.res.status < 300 && c.res.headers.get("content-type")?.includes("application/json");
    if (!isJson || c.get("replied")) return;
    // After next(), the route is the handler that answered.
    const route = routeOf(c);
    if (documented.has(route)) {
      c.res = shapeError(c, `${route} answered JSON without reply() (its schema is not checked)`);
      return;
    }
    const schema = library.get(key(c.req.method, c.req.path))?.responses[c.res.status]?.schema;
    if (!schema) return;
    const problem = problemWith(
      key(c.req.method, c.req.path),
      c.res.status,
      schema,
      await c.res.clone().json(),
    );
    if (problem) c.res = shapeError(c, problem);
  };
}

function problemWith(route: string, status: number, schema: z.ZodType, wire: unknown): string | undefined {
  const result = schema.safeParse(wire);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return `${route} answered ${status} off its schema: ${issue?.path.join(".") || "(body)"}: ${issue?.message}`;
}
