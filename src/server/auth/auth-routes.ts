import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { type Auth, CLIENT_IP_HEADER } from "./auth.ts";
import { clientIp } from "./client-ip.ts";
import { FailureBackoff } from "./failure-backoff.ts";

const SIGN_IN = "/api/auth/sign-in/email";

function tooMany(retryAfterSeconds: number, message: string) {
  return new Response(JSON.stringify({ error: { code: "rate_limited", message } }), {
    status: 429,
    headers: { "content-type": "application/json", "retry-after": String(Math.max(1, retryAfterSeconds)) },
  });
}

/**
 * better-auth's own endpoints at /api/auth/*. The client IP comes from the socket, or from
 * X-Forwarded-For when TRUST_PROXY says how many proxies to believe (a header of our internal
 * name sent by the client is replaced); better-auth limits each IP per path. Wrong passwords
 * also slow the account down (a doubling delay, never a long lock). Every 429 says Retry-After.
 */
export function authRoutes(deps: { auth: Auth; freeFailures: number; trustedProxies: number }) {
  const backoff = new FailureBackoff(deps.freeFailures);
  return new Hono<AppEnv>().on(["GET", "POST"], "/api/auth/*", async (c) => {
    const headers = new Headers(c.req.raw.headers);
    headers.delete(CLIENT_IP_HEADER);
    const ip = clientIp(socketAddress(c), c.req.header("x-forwarded-for"), deps.trustedProxies);
    if (ip) headers.set(CLIENT_IP_HEADER, ip);
    let account: string | undefined;
    if (c.req.method === "POST" && c.req.path === SIGN_IN) {
      const body = (await c.req.raw
        .clone()
        .json()
        .catch(() => ({}))) as { email?: unknown };
      account = typeof body.email === "string" ? body.email.trim().toLowerCase() : undefined;
      const waitMs = account ? backoff.waitMs(account) : 0;
      if (waitMs > 0) {
        return tooMany(
          Math.ceil(waitMs / 1000),
          "too many wrong passwords for this email; try again shortly",
        );
      }
    }
    const res = await deps.auth.handler(new Request(c.req.raw, { headers }));
    if (account && res.status === 401) backoff.failed(account);
    else if (account && res.status === 200) backoff.succeeded(account);
    if (res.status === 429) {
      // better-auth's per-IP limit: its answer carries only X-Retry-After and its own shape.
      const seconds = Number(res.headers.get("x-retry-after")) || 60;
      return tooMany(seconds, "too many attempts from this address; try again later");
    }
    return res;
  });
}

function socketAddress(c: Parameters<typeof getConnInfo>[0]): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // not served by @hono/node-server (e.g. app.request in a unit test)
  }
}
