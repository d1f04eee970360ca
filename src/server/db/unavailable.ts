/**
 * Whether an error means a service we depend on (PostgreSQL, Redis) is unreachable right now,
 * rather than a bug: the edge answers such errors 503 with Retry-After, so Meta (and any client)
 * retries what could not be stored, instead of a 500 that reads as our fault (issue 19: the
 * webhook answered 500 while PostgreSQL restarted). Walks the cause chain, as drizzle wraps the
 * driver's error.
 */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
// SQLSTATE class 08 (connection exception); 57P01–57P03 (shutdown, crash, cannot connect now).
const SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1-3])$/;
// node-postgres says these in words only (no code).
const PG_MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
  "Connection ended unexpectedly",
];

export function isServiceUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string" && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return true;
    if (typeof message === "string" && PG_MESSAGES.some((m) => message.includes(m))) return true;
    if (e instanceof AggregateError && e.errors.some(isServiceUnavailable)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
