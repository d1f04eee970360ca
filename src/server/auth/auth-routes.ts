import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono } from "hono";
import { AppError } from "../errors.ts";
import type { AppEnv } from "../http/app-env.ts";
import { AttemptLimiter } from "./attempt-limiter.ts";
import { type Auth, CLIENT_IP_HEADER } from "./auth.ts";

/**
 * better-auth's own endpoints at /api/auth/*. The client IP comes from the socket (a header of
 * that name sent by the client is replaced), and email sign-in is also limited per address.
 */
export function authRoutes(deps: { auth: Auth; perEmail: number; windowSeconds: number }) {
  const perEmail = new AttemptLimiter(deps.perEmail, deps.windowSeconds * 1000);
  return new Hono<AppEnv>().on(["GET", "POST"], "/api/auth/*", async (c) => {
    const headers = new Headers(c.req.raw.headers);
    headers.delete(CLIENT_IP_HEADER);
    const ip = clientIp(c);
    if (ip) headers.set(CLIENT_IP_HEADER, ip);
    if (c.req.method === "POST" && c.req.path === "/api/auth/sign-in/email") {
      const body = (await c.req.raw
        .clone()
        .json()
        .catch(() => ({}))) as { email?: unknown };
      if (typeof body.email === "string" && !perEmail.take(body.email.trim().toLowerCase())) {
        throw new AppError("rate_limited", "too many sign-in attempts for this email; try again later");
      }
    }
    const request = new Request(c.req.raw, { headers });
    return deps.auth.handler(request);
  });
}

function clientIp(c: Parameters<typeof getConnInfo>[0]): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // not served by @hono/node-server (e.g. app.request in a unit test)
  }
}
