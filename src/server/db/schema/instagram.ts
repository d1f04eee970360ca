import { index, jsonb, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { app } from "./app-schema.ts";

/** How an account was connected; decides the Graph host, the token kind and the send path. */
export const loginType = app.enum("instagram_login_type", ["instagram", "facebook", "sandbox"]);

/** "expiring" is not stored: it is `connected` with a token under 10 days from expiry. `disconnected`: the
 * owner removed autodm in Instagram (Meta's deauthorize callback); its token is gone. */
export const accountStatus = app.enum("instagram_account_status", [
  "connected",
  "expired",
  "error",
  "disconnected",
]);

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

/** A connected Instagram professional account. Tokens are ciphertext from the token vault. */
export const instagramAccounts = app.table(
  "instagram_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id").notNull(),
    loginType: loginType("login_type").notNull(),
    /** The professional account id: webhooks carry it as entry[].id. */
    igUserId: text("ig_user_id").notNull(),
    username: text("username").notNull(),
    name: text("name"),
    profilePictureUrl: text("profile_picture_url"),
    /** Facebook Login: messages are sent as the Page, with the Page token. */
    pageId: text("page_id"),
    /** Ciphertext: the long-lived user token (Instagram Login) or the Page token (Facebook Login). */
    accessToken: text("access_token").notNull(),
    tokenIssuedAt: timestamp("token_issued_at", { withTimezone: true }).notNull(),
    /** null: a token that does not expire (Page tokens from a long-lived user token). */
    tokenExpiresAt: timestamp("token_expires_at", { withTimezone: true }),
    scopes: text("scopes").array().notNull().default([]),
    webhookFields: text("webhook_fields").array().notNull().default([]),
    status: accountStatus("status").notNull().default("connected"),
    statusReason: text("status_reason"),
    lastRefreshedAt: timestamp("last_refreshed_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("instagram_accounts_workspace_ig_user_uq").on(t.workspaceId, t.igUserId),
    index("instagram_accounts_ig_user_idx").on(t.igUserId),
  ],
);

/**
 * A login in progress. `state` travels through Meta's dialog; `browserBinding` (a hash of a
 * nonce kept in an httpOnly cookie) ties it to the browser, and later to the signed-in session.
 */
export const oauthStates = app.table("oauth_states", {
  state: text("state").primaryKey(),
  workspaceId: text("workspace_id").notNull(),
  loginType: loginType("login_type").notNull(),
  browserBinding: text("browser_binding").notNull(),
  redirectUri: text("redirect_uri").notNull(),
  returnTo: text("return_to"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  consumedAt: timestamp("consumed_at", { withTimezone: true }),
  /** Facebook Login with several Pages: the user token (ciphertext) until a Page is chosen. */
  pendingUserToken: text("pending_user_token"),
  pendingPages:
    jsonb("pending_pages").$type<
      { pageId: string; pageName: string; igUserId: string; username: string }[]
    >(),
});
