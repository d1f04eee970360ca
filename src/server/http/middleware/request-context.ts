import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { Logger } from "../../observability/logger.ts";
import type { Metrics } from "../../observability/metrics.ts";
import type { AppEnv } from "../app-env.ts";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Gives every request an id (the caller's `X-Request-Id` when well-formed), a child logger that
 * stamps it on every line, a response header, one access-log line and the HTTP metrics.
 */
export function requestContext(logger: Logger, metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    const log = logger.child({ requestId });
    c.set("requestId", requestId);
    c.set("logger", log);
    const started = performance.now();
    await next();
    c.header("X-Request-Id", requestId);
    // The matched pattern (e.g. /api/jobs/:id), never the raw path: bounded label values.
    const route = c.res.status === 404 && routePath(c) === "*" ? "unmatched" : routePath(c);
    const seconds = (performance.now() - started) / 1000;
    metrics.httpRequests.inc({ route, method: c.req.method, status: String(c.res.status) });
    metrics.httpDuration.observe({ route, method: c.req.method }, seconds);
    log.info(
      { method: c.req.method, route, status: c.res.status, ms: Math.round(seconds * 10_000) / 10 },
      "http.request",
    );
  };
}
