import { randomBytes } from "node:crypto";
import { type Context, Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { ConnectOptions } from "../../../shared/api/accounts.ts";
import type { ConnectOutcome, ConnectService } from "../../instagram/connect-service.ts";
import type { AppEnv } from "../app-env.ts";
import { choosePagePage, connectedPage, deniedPage, failedPage } from "../pages/connect-pages.ts";
import { reply } from "../respond.ts";
import { validate } from "../validate.ts";

const COOKIE = "autodm_oauth";
const COOKIE_PATH = "/api/instagram/connect";

const Method = z.object({ method: z.enum(["instagram", "facebook", "sandbox"]) });
/** Only paths of this site: never an open redirect. */
const ReturnTo = z
  .string()
  .regex(/^\/(?!\/)[\w\-./?=&%]*$/, "expected a path of this site")
  .max(300)
  .optional();
const Callback = z.object({
  code: z.string().max(2000).optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(200).optional(),
  error_reason: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});

export function instagramConnectRoutes(deps: { connect: ConnectService; secureCookies: boolean }) {
  const { connect } = deps;
  const render = (c: Context<AppEnv>, outcome: ConnectOutcome, returnTo: string) => {
    switch (outcome.kind) {
      case "connected":
        return c.html(connectedPage(outcome.account.username, returnTo));
      case "denied":
        return c.html(deniedPage(outcome.reason, returnTo));
      case "choose-page":
        return c.html(choosePagePage(outcome.state, outcome.pages));
      case "failed":
        return c.html(failedPage(outcome.message, returnTo), 502);
    }
  };

  return new Hono<AppEnv>()
    .get("/api/instagram/connect/options", (c) =>
      reply(c, ConnectOptions, {
        instagram: connect.isAvailable("instagram"),
        facebook: connect.isAvailable("facebook"),
        sandbox: connect.isAvailable("sandbox"),
      }),
    )
    .get(
      "/api/instagram/connect/:method/start",
      validate("param", Method),
      validate("query", z.object({ returnTo: ReturnTo })),
      async (c) => {
        const { method } = c.req.valid("param");
        const { returnTo } = c.req.valid("query");
        // The nonce stays in this browser; its hash is stored with the state (login CSRF).
        const nonce = randomBytes(24).toString("base64url");
        const { url } = await connect.begin({
          workspaceId: c.get("workspaceId"),
          loginType: method,
          browserNonce: nonce,
          ...(returnTo ? { returnTo } : {}),
        });
        setCookie(c, COOKIE, nonce, {
          httpOnly: true,
          sameSite: "Lax", // sent on Meta's top-level redirect back to us
          secure: deps.secureCookies,
          path: COOKIE_PATH,
          maxAge: 15 * 60,
        });
        return c.redirect(url, 302);
      },
    )
    .get(
      "/api/instagram/connect/:method/callback",
      validate("param", Method),
      validate("query", Callback),
      async (c) => {
        const { method } = c.req.valid("param");
        const outcome = await connect.complete(method, c.req.valid("query"), getCookie(c, COOKIE));
        c.header("Cache-Control", "no-store");
        return render(c, outcome, "/");
      },
    )
    .post(
      "/api/instagram/connect/facebook/choose",
      validate(
        "form",
        z.object({ state: z.string().min(1).max(200), pageId: z.string().regex(/^\d{1,40}$/) }),
      ),
      async (c) => {
        const { state, pageId } = c.req.valid("form");
        const outcome = await connect.choosePage({ state, pageId, browserNonce: getCookie(c, COOKIE) });
        return render(c, outcome, "/");
      },
    );
}
