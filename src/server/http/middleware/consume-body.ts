import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";

/**
 * Reads what is left of a request's body before its answer goes out. An answer given before the
 * body was read (a 400 for a bad path parameter, a 401, a 404 — the body was never needed) left
 * the rest to @hono/node-server, which drains it for at most 500 ms and then destroys the
 * socket: on a loaded server (in-process PGlite blocks the event loop for longer than that) the
 * timer fired before the waiting bytes were read, and the keep-alive connection died under the
 * client's next request (ECONNRESET / UND_ERR_SOCKET on a random route in the chaos fuzz, issue
 * 19). Reading here has no timer: the bytes are on the socket already, or the server's request
 * timeout ends a client that stops sending. Bodies are capped (1 MB API, 1 MB webhooks) before
 * they reach a route, so this reads at most `maxBytes`; past it the connection is closed on
 * purpose (`Connection: close`, so the client does not reuse it).
 */
export function consumeBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const req = c.req.raw;
    if (req.method === "GET" || req.method === "HEAD" || !req.body || req.bodyUsed || req.body.locked) return;
    // An answer that closes the connection anyway (the 413) need not wait for the rest.
    if (c.res.headers.get("connection")?.toLowerCase() === "close") return;
    const reader = req.body.getReader();
    let read = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        read += value.byteLength;
        if (read > maxBytes) {
          await reader.cancel();
          closeAfter(c);
          return;
        }
      }
    } catch {
      // The client went away mid-body: nothing to answer on.
    }
  };
}

function closeAfter(c: Parameters<MiddlewareHandler<AppEnv>>[0]) {
  try {
    c.res.headers.set("Connection", "close");
  } catch {
    // A response with immutable headers (a redirect): copy it.
    const res = new Response(c.res.body, c.res);
    res.headers.set("Connection", "close");
    c.res = res;
  }
}
