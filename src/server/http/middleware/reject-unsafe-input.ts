import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { AppError } from "../../errors.ts";
import {
  API_INPUT_LIMITS,
  describeUnsafe,
  findUnsafeInput,
  type InputLimits,
  textProblem,
  type UnsafeInput,
} from "../../security/unsafe-input.ts";
import type { AppEnv } from "../app-env.ts";

/**
 * The API's one sanitizing step, before any route (better-auth's included): every path
 * parameter, query parameter and JSON or form body value is checked for what PostgreSQL
 * cannot store (U+0000, lone surrogates) and for absurd nesting or length, and refused with
 * 400 `validation_failed` naming the field — instead of a 500 from the database. The body is
 * read from a clone, so the route (and better-auth, which reads the raw request) still can.
 */
export function rejectUnsafeInput(limits: InputLimits = API_INPUT_LIMITS): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    // The route that will answer (middleware is registered for "ALL" methods), for param names.
    const route = matchedRoutes(c).find((r) => r.method !== "ALL")?.path ?? "";
    const found = pathProblem(url.pathname, route, limits) ?? queryProblem(url, limits);
    if (found) refuse(found.unsafe, found.where);

    const type = c.req.header("content-type") ?? "";
    if (c.req.raw.body && /\bjson\b/i.test(type)) {
      const text = await c.req.raw.clone().text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined; // not JSON: the route's validator answers that
      }
      const unsafe = findUnsafeInput(body, limits);
      if (unsafe) refuse(unsafe, "body");
    } else if (c.req.raw.body && /application\/x-www-form-urlencoded/i.test(type)) {
      const form = new URLSearchParams(await c.req.raw.clone().text());
      const unsafe = pairsProblem(form, limits);
      if (unsafe) refuse(unsafe, "body");
    }
    await next();
  };
}

function refuse(unsafe: UnsafeInput, where: string): never {
  throw new AppError("validation_failed", describeUnsafe(unsafe, where), [
    { path: unsafe.path, code: unsafe.problem, message: describeUnsafe(unsafe, where) },
  ]);
}

/** Path segments, named after the route's parameters (`/api/x/:id` → `id`) when it has them. */
function pathProblem(pathname: string, pattern: string, limits: InputLimits) {
  const segments = pathname.split("/");
  const names = pattern.split("/");
  for (const [i, raw] of segments.entries()) {
    const problem = textProblem(decode(raw), limits.maxString);
    if (!problem) continue;
    const name =
      names.length === segments.length && names[i]?.startsWith(":") ? paramName(names[i]) : undefined;
    return {
      unsafe: { path: [name ?? `path segment ${i}`], problem, limit: limits.maxString },
      where: "path",
    };
  }
  return undefined;
}

function queryProblem(url: URL, limits: InputLimits) {
  const unsafe = pairsProblem(url.searchParams, limits);
  return unsafe ? { unsafe, where: "query" } : undefined;
}

function pairsProblem(pairs: URLSearchParams, limits: InputLimits): UnsafeInput | undefined {
  for (const [key, value] of pairs) {
    const keyProblem = textProblem(key, limits.maxKey);
    if (keyProblem) return { path: [key], problem: keyProblem, limit: limits.maxKey };
    const problem = textProblem(value, limits.maxString);
    if (problem) return { path: [key], problem, limit: limits.maxString };
  }
  return undefined;
}

/** `:id{[0-9]+}?` → `id` */
function paramName(segment: string): string {
  return segment.slice(1).replace(/\{.*$/, "").replace(/\?$/, "");
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not valid percent-encoded UTF-8: the router keeps it as it is, so do we
  }
}
