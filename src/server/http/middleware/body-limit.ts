import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../app-env.ts";

/**
 * Caps a request body. The 413 says `Connection: close`: the rest of the body is never read, so
 * the server drops the socket, and a client told "keep-alive" would send its next request on a
 * dead connection.
 */
export function limitBody(maxBytes: number, message: string): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => c.json({ error: { code: "payload_too_large", message } }, 413, { Connection: "close" }),
  });
}
