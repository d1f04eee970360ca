import { bigint, bigserial, boolean, index, integer, jsonb, text, timestamp } from "drizzle-orm/pg-core";
import { app } from "./app-schema.ts";

/**
 * The sandbox: a simulated Instagram (see src/server/sandbox). Every time column marked
 * "sandbox clock" holds real time + the persisted offset at the moment of writing; the outbox
 * and delivery log use real time, because delivery happens in real time.
 */
const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** Key/value state shared by every process: clock offset, faults, behaviour switches. */
export const sandboxSettings = app.table("sandbox_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
});

/** A Facebook user (Facebook Login) who owns Pages. */
export const sandboxFacebookUsers = app.table("sandbox_facebook_users", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
});

/** A simulated Instagram professional account. */
export const sandboxAccounts = app.table("sandbox_accounts", {
  id: text("id").primaryKey(),
  username: text("username").notNull().unique(),
  name: text("name").notNull(),
  profilePictureUrl: text("profile_picture_url"),
  createdAt: ts("created_at").notNull().defaultNow(),
});

/** A Facebook Page, optionally linked to an Instagram account. */
export const sandboxPages = app.table("sandbox_pages", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  facebookUserId: text("facebook_user_id").notNull(),
  accountId: text("account_id").unique(),
  createdAt: ts("created_at").notNull().defaultNow(),
});

/** A simulated Instagram user who messages and comments. */
export const sandboxPeople = app.table("sandbox_people", {
  igsid: text("igsid").primaryKey(),
  username: text("username").notNull().unique(),
  name: text("name"),
  profilePic: text("profile_pic"),
  followsBusiness: boolean("follows_business").notNull().default(false),
  businessFollowsUser: boolean("business_follows_user").notNull().default(false),
  acceptsMessages: boolean("accepts_messages").notNull().default(true),
  isVerified: boolean("is_verified").notNull().default(false),
  followerCount: integer("follower_count").notNull().default(0),
  createdAt: ts("created_at").notNull().defaultNow(),
});

export const sandboxMedia = app.table(
  "sandbox_media",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    kind: text("kind").$type<"post" | "reel" | "story" | "live">().notNull(),
    caption: text("caption").notNull().default(""),
    /** Sandbox clock. */
    createdAt: ts("created_at").notNull(),
    /** Live: when the broadcast ended (private replies only during it). */
    endedAt: ts("ended_at"),
  },
  (t) => [index("sandbox_media_account_idx").on(t.accountId)],
);

export const sandboxComments = app.table(
  "sandbox_comments",
  {
    id: text("id").primaryKey(),
    mediaId: text("media_id").notNull(),
    accountId: text("account_id").notNull(),
    /** null when the business itself commented (its public replies). */
    personId: text("person_id"),
    text: text("text").notNull(),
    parentId: text("parent_id"),
    hidden: boolean("hidden").notNull().default(false),
    /** Sandbox clock. */
    createdAt: ts("created_at").notNull(),
    privateRepliedAt: ts("private_replied_at"),
  },
  (t) => [index("sandbox_comments_media_idx").on(t.mediaId)],
);

/**
 * Every thread item in both directions, plus what the API received that is not a thread item
 * (public replies, sender actions): `kind` tells them apart. `body` is the messaging item
 * without sender/recipient/timestamp, e.g. `{"message":{"mid","text"}}`.
 */
export const sandboxMessages = app.table(
  "sandbox_messages",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    mid: text("mid").notNull().unique(),
    accountId: text("account_id").notNull(),
    personId: text("person_id").notNull(),
    direction: text("direction").$type<"inbound" | "outbound">().notNull(),
    kind: text("kind").notNull(),
    body: jsonb("body").$type<Record<string, unknown>>().notNull(),
    source: text("source").$type<"phone" | "api">().notNull(),
    /** An inbound DM or postback: reopens the 24-hour window. */
    opensWindow: boolean("opens_window").notNull().default(false),
    /** Sandbox clock. */
    createdAt: ts("created_at").notNull(),
  },
  (t) => [
    index("sandbox_messages_thread_idx").on(t.accountId, t.personId, t.seq),
    index("sandbox_messages_account_time_idx").on(t.accountId, t.createdAt),
  ],
);

export const sandboxOauthCodes = app.table("sandbox_oauth_codes", {
  codeHash: text("code_hash").primaryKey(),
  flow: text("flow").$type<"instagram" | "facebook">().notNull(),
  clientId: text("client_id").notNull(),
  redirectUri: text("redirect_uri").notNull(),
  accountId: text("account_id"),
  facebookUserId: text("facebook_user_id"),
  scopes: text("scopes").notNull().default(""),
  /** Sandbox clock. */
  expiresAt: ts("expires_at").notNull(),
  usedAt: ts("used_at"),
});

export type SandboxTokenKind = "ig_short" | "ig_long" | "fb_user_short" | "fb_user_long" | "page";

/** Tokens are stored as SHA-256 hex of the token, never the token. */
export const sandboxTokens = app.table(
  "sandbox_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    kind: text("kind").$type<SandboxTokenKind>().notNull(),
    accountId: text("account_id"),
    pageId: text("page_id"),
    facebookUserId: text("facebook_user_id"),
    scopes: text("scopes").notNull().default(""),
    /** Sandbox clock. */
    issuedAt: ts("issued_at").notNull(),
    /** null: never expires (Page tokens from a long-lived user token). */
    expiresAt: ts("expires_at"),
    revokedAt: ts("revoked_at"),
  },
  (t) => [index("sandbox_tokens_account_idx").on(t.accountId), index("sandbox_tokens_page_idx").on(t.pageId)],
);

/** subscribed_apps: an account id (Instagram Login) or a Page id (Facebook Login) → fields. */
export const sandboxSubscriptions = app.table("sandbox_subscriptions", {
  targetId: text("target_id").primaryKey(),
  fields: text("fields").array().notNull(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/** Webhook events waiting for (or done with) delivery. Real time. */
export const sandboxOutbox = app.table(
  "sandbox_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    accountId: text("account_id").notNull(),
    field: text("field").notNull(),
    shape: text("shape").$type<"messaging" | "change">().notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** Sandbox clock, ms: becomes `entry.time`. */
    eventTimeMs: bigint("event_time_ms", { mode: "number" }).notNull(),
    status: text("status").$type<"pending" | "delivered" | "failed">().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    createdAt: ts("created_at").notNull().defaultNow(),
    deliveredAt: ts("delivered_at"),
  },
  (t) => [index("sandbox_outbox_due_idx").on(t.status, t.nextAttemptAt)],
);

/** One row per POST attempt to the webhook URL. Real time. */
export const sandboxDeliveries = app.table("sandbox_deliveries", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  attemptedAt: ts("attempted_at").notNull().defaultNow(),
  eventIds: bigint("event_ids", { mode: "number" }).array().notNull(),
  status: integer("status"),
  error: text("error"),
  durationMs: integer("duration_ms").notNull(),
  body: text("body").notNull(),
});

/**
 * Every Conversations API call the sandbox answered (real time, ms), per token: Meta allows
 * 2 calls/s there, and a test asserts autodm's pacing from this log. `rejected`: answered 613.
 */
export const sandboxGraphCalls = app.table(
  "sandbox_graph_calls",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tokenHash: text("token_hash").notNull(),
    path: text("path").notNull(),
    atMs: bigint("at_ms", { mode: "number" }).notNull(),
    rejected: boolean("rejected").notNull().default(false),
  },
  (t) => [index("sandbox_graph_calls_token_idx").on(t.tokenHash, t.atMs)],
);
