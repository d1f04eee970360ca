import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ZodError } from "zod";
import { isServiceUnavailable } from "../db/unavailable.ts";
import { AppError } from "../errors.ts";
import type { AppEnv } from "./app-env.ts";

const UNAVAILABLE_RETRY_AFTER_S = 5;

/** The one place errors become HTTP answers: `{error:{code,message}}` with the right status. */
export function errorResponse(err: Error, c: Context<AppEnv>) {
  if (err instanceof AppError) {
    const retryAfter = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (err.code === "rate_limited" && typeof retryAfter === "number")
      c.header("Retry-After", String(retryAfter));
    if (err.code === "unavailable") c.header("Retry-After", String(UNAVAILABLE_RETRY_AFTER_S));
    return c.json(
      { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } },
      err.status as ContentfulStatusCode,
    );
  }
  if (err instanceof ZodError) {
    const first = err.issues[0];
    const where = first?.path.length ? `${first.path.join(".")}: ` : "";
    return c.json(
      {
        error: {
          code: "validation_failed",
          message: `${where}${first?.message ?? "invalid input"}`,
          details: err.issues,
        },
      },
      400,
    );
  }
  if (err instanceof HTTPException) {
    const code =
      err.status === 413 ? "payload_too_large" : err.status === 401 ? "unauthorized" : "bad_request";
    return c.json({ error: { code, message: err.message || "request refused" } }, err.status);
  }
  if (isServiceUnavailable(err)) {
    // PostgreSQL or Redis unreachable: a 503 makes Meta (and any client) retry, a 500 would not.
    (c.get("logger") ?? console).warn({ reason: err.message.slice(0, 200) }, "http.service-unavailable");
    c.header("Retry-After", String(UNAVAILABLE_RETRY_AFTER_S));
    return c.json(
      {
        error: {
          code: "unavailable",
          message: "A service autodm depends on is unreachable; try again shortly.",
        },
      },
      503,
    );
  }
  (c.get("logger") ?? console).error({ err }, "http.unhandled-error");
  return c.json({ error: { code: "internal", message: "Something went wrong on our side." } }, 500);
}
