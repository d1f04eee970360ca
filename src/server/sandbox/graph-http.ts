import type { Context, MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "../observability/logger.ts";
import type { Moment, SandboxContext } from "./context.ts";
import { GraphError, graphErrors, InstagramApiError } from "./graph-error.ts";
import { faultOf, nextFaultCall } from "./settings.ts";

export interface GraphEnv {
  Variables: { moment: Moment; accountId: string | undefined };
}
export type GraphContext = Context<GraphEnv>;

/**
 * X-App-Usage is a percentage of a budget we fix at 10,000 calls per rolling hour. The
 * counter is in memory, per process: it is advisory (Meta's own is approximate), and a
 * database write per call would cost more than the header is worth.
 */
const USAGE_BUDGET_PER_HOUR = 10_000;
const calls: number[] = [];
function usagePercent(): number {
  const now = Date.now();
  calls.push(now);
  while (calls.length > 0 && (calls[0] as number) < now - 3_600_000) calls.shift();
  return Math.min(100, Math.ceil((calls.length * 100) / USAGE_BUDGET_PER_HOUR));
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const isRateLimit = (err: unknown) => err instanceof GraphError && RATE_LIMIT_CODES.has(err.code);

/** Reads the settings once, applies faults (delay, then a deterministic share of 500s / 613s) and usage headers. */
export function graphMiddleware(ctx: SandboxContext): MiddlewareHandler<GraphEnv> {
  return async (c, next) => {
    const moment = await ctx.moment();
    c.set("moment", moment);
    const faults = moment.settings.faults;
    const { delayMs, regainAccessMinutes } = faults;
    let rateLimited = false;
    try {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      const fault =
        faults.errorShare > 0 || faults.rateLimitShare > 0 || faults.timeoutShare > 0
          ? faultOf(await nextFaultCall(ctx.db), faults)
          : undefined;
      if (fault === "error") throw graphErrors.transient();
      if (fault === "rate-limit") throw graphErrors.rateLimited();
      await next();
      // The call took effect; its answer is late.
      if (fault === "timeout") await new Promise((r) => setTimeout(r, faults.timeoutMs));
    } catch (err) {
      rateLimited = isRateLimit(err);
      throw err;
    } finally {
      const pct = usagePercent();
      // Meta reports the version that answered; any /vNN.N/ path is served.
      c.header("facebook-api-version", ctx.options.graphVersion);
      c.header("x-app-usage", JSON.stringify({ call_count: pct, total_time: pct, total_cputime: pct }));
      const accountId = c.get("accountId");
      // Meta says how long a throttled business must wait, in minutes, in this header.
      const limited = rateLimited || isRateLimit(c.error);
      if (accountId || limited) {
        c.header(
          "x-business-use-case-usage",
          JSON.stringify({
            [accountId ?? "0"]: [
              {
                type: "instagram",
                call_count: pct,
                total_cputime: pct,
                total_time: pct,
                estimated_time_to_regain_access: limited ? regainAccessMinutes : 0,
              },
            ],
          }),
        );
      }
    }
  };
}

/** Graph errors in Meta's shape; anything unexpected becomes Meta's transient 500. */
export function graphErrorHandler(logger: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof GraphError) return c.json(err.toJSON(), err.httpStatus as ContentfulStatusCode);
    if (err instanceof InstagramApiError) return c.json(err.toJSON(), 400);
    logger.error({ err }, "sandbox.graph.unhandled-error");
    return c.json(graphErrors.transient().toJSON(), 500);
  };
}

/** Query parameters merged with a form or JSON body, as Graph accepts both. */
export async function readParams(c: Context): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = { ...c.req.query() };
  if (c.req.method === "GET" || c.req.method === "HEAD") return params;
  const type = c.req.header("content-type") ?? "";
  if (type.includes("application/json")) {
    const body = (await c.req.json().catch(() => {
      throw graphErrors.badParam("(#100) Invalid JSON body");
    })) as unknown;
    if (body && typeof body === "object" && !Array.isArray(body)) Object.assign(params, body);
  } else if (type.includes("form")) {
    const form = await c.req.parseBody();
    for (const [k, v] of Object.entries(form)) if (typeof v === "string") params[k] = v;
  }
  return params;
}

export function presentedToken(c: Context, params: Record<string, unknown>): string | undefined {
  const auth = c.req.header("authorization");
  const m = auth ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(auth.trim()) : null;
  if (m) return m[1];
  return typeof params.access_token === "string" ? params.access_token : undefined;
}

export const str = (v: unknown): string | undefined =>
  typeof v === "string" && v.length > 0 ? v : undefined;

/** `fields=a,b` → set; absent → the given defaults. */
export function requestedFields(params: Record<string, unknown>, defaults: string[]): Set<string> {
  const raw = str(params.fields);
  return new Set(raw ? raw.split(",").map((f) => f.trim()) : defaults);
}

export function pick(all: Record<string, unknown>, fields: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in all) out[f] = all[f];
  return out;
}
