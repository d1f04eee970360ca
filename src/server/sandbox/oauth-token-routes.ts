import { Hono } from "hono";
import type { SandboxContext } from "./context.ts";
import { graphErrors, InstagramApiError } from "./graph-error.ts";
import {
  type GraphContext,
  type GraphEnv,
  graphErrorHandler,
  graphMiddleware,
  readParams,
  str,
} from "./graph-http.ts";
import { redeemCode } from "./oauth-codes.ts";
import { authenticate, expiresIn, issueToken } from "./tokens.ts";

const DAY = 86_400_000;

/** POST /ig-api/oauth/access_token: code → short-lived Instagram token (non-Graph error shape). */
export function instagramApiRoutes(ctx: SandboxContext) {
  const app = new Hono<GraphEnv>();
  app.onError(graphErrorHandler(ctx.logger));
  app.use("*", graphMiddleware(ctx));
  app.post("/oauth/access_token", async (c) => {
    const m = c.get("moment");
    const p = await readParams(c);
    const fail = (message: string): never => {
      throw new InstagramApiError(message);
    };
    for (const name of ["client_id", "client_secret", "grant_type", "redirect_uri", "code"]) {
      if (!str(p[name])) fail(`Missing required field ${name}`);
    }
    if (p.client_id !== ctx.options.app.id) fail("Invalid platform app");
    if (p.client_secret !== ctx.options.app.secret) fail("Error validating client secret.");
    if (p.grant_type !== "authorization_code") fail("Unsupported grant_type");
    const redeemed = await redeemCode(
      ctx.db,
      { code: String(p.code), flow: "instagram", redirectUri: String(p.redirect_uri) },
      m.now,
    );
    if (!redeemed.ok) {
      return fail(
        redeemed.problem === "redirect_mismatch"
          ? "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request"
          : redeemed.problem === "expired"
            ? "This authorization code has expired."
            : "Matching code was not found or was already used",
      );
    }
    const { row } = redeemed;
    const { token } = await issueToken(
      ctx.db,
      "ig_short",
      { accountId: row.accountId, scopes: row.scopes },
      m.now,
    );
    const answer = { access_token: token, user_id: row.accountId, permissions: row.scopes };
    return c.json(m.settings.behaviour.tokenAnswer === "wrapped" ? { data: [answer] } : answer);
  });
  return app;
}

/** graph.instagram.com/access_token and /refresh_access_token (unversioned, or versioned). */
export function registerInstagramTokenRoutes(app: Hono<GraphEnv>, ctx: SandboxContext) {
  const exchange = async (c: GraphContext) => {
    const m = c.get("moment");
    const p = await readParams(c);
    if (p.grant_type !== "ig_exchange_token") throw graphErrors.badGrantType();
    if (!str(p.client_secret)) throw graphErrors.missingParam("client_secret");
    if (p.client_secret !== ctx.options.app.secret) throw graphErrors.badClientSecret();
    const short = await authenticate(ctx.db, str(p.access_token), "instagram", m.now);
    if (short.kind !== "ig_short" && short.kind !== "ig_long") throw graphErrors.invalidToken();
    c.set("accountId", short.accountId ?? undefined);
    const { token, row } = await issueToken(
      ctx.db,
      "ig_long",
      { accountId: short.accountId, scopes: short.scopes },
      m.now,
    );
    return c.json({ access_token: token, token_type: "bearer", expires_in: expiresIn(row, m.now) });
  };
  const refresh = async (c: GraphContext) => {
    const m = c.get("moment");
    const p = await readParams(c);
    if (p.grant_type !== "ig_refresh_token") throw graphErrors.badGrantType();
    const old = await authenticate(ctx.db, str(p.access_token), "instagram", m.now);
    c.set("accountId", old.accountId ?? undefined);
    if (old.kind !== "ig_long") throw graphErrors.refreshNotLongLived();
    if (m.now.getTime() - old.issuedAt.getTime() < DAY) throw graphErrors.refreshTooYoung();
    const { token, row } = await issueToken(
      ctx.db,
      "ig_long",
      { accountId: old.accountId, scopes: old.scopes },
      m.now,
    );
    return c.json({ access_token: token, token_type: "bearer", expires_in: expiresIn(row, m.now) });
  };
  app.get("/access_token", exchange);
  app.get("/:ver{v\\d+\\.\\d+}/access_token", exchange);
  app.get("/refresh_access_token", refresh);
  app.get("/:ver{v\\d+\\.\\d+}/refresh_access_token", refresh);
}

/** graph.facebook.com/<ver>/oauth/access_token: code → user token; fb_exchange_token → long-lived. */
export function registerFacebookTokenRoutes(app: Hono<GraphEnv>, ctx: SandboxContext) {
  app.get("/:ver{v\\d+\\.\\d+}/oauth/access_token", async (c) => {
    const m = c.get("moment");
    const p = await readParams(c);
    if (!str(p.client_id)) throw graphErrors.missingParam("client_id");
    if (p.client_id !== ctx.options.app.id) throw graphErrors.badClientId();
    if (p.client_secret !== ctx.options.app.secret) throw graphErrors.badClientSecret();
    if (p.grant_type === "fb_exchange_token") {
      const short = await authenticate(ctx.db, str(p.fb_exchange_token), "facebook", m.now);
      if (short.kind !== "fb_user_short" && short.kind !== "fb_user_long") throw graphErrors.invalidToken();
      const { token, row } = await issueToken(
        ctx.db,
        "fb_user_long",
        { facebookUserId: short.facebookUserId, scopes: short.scopes },
        m.now,
      );
      return c.json({ access_token: token, token_type: "bearer", expires_in: expiresIn(row, m.now) });
    }
    if (p.grant_type !== undefined && p.grant_type !== "authorization_code") throw graphErrors.badGrantType();
    if (!str(p.code)) throw graphErrors.missingParam("code");
    if (!str(p.redirect_uri)) throw graphErrors.missingParam("redirect_uri");
    const redeemed = await redeemCode(
      ctx.db,
      { code: String(p.code), flow: "facebook", redirectUri: String(p.redirect_uri) },
      m.now,
    );
    if (!redeemed.ok) {
      throw {
        unknown: graphErrors.badCode,
        used: graphErrors.codeUsed,
        expired: graphErrors.codeExpired,
        redirect_mismatch: graphErrors.redirectMismatch,
      }[redeemed.problem]();
    }
    const { token, row } = await issueToken(
      ctx.db,
      "fb_user_short",
      { facebookUserId: redeemed.row.facebookUserId, scopes: redeemed.row.scopes },
      m.now,
    );
    return c.json({ access_token: token, token_type: "bearer", expires_in: expiresIn(row, m.now) });
  });
}
