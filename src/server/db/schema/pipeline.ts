import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { InboundEvent } from "../../instagram/inbound-event.ts";
import { app } from "./app-schema.ts";
import { instagramAccounts } from "./instagram.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/**
 * The body of every accepted webhook POST, once per delivery: as parsed, with text PostgreSQL
 * cannot store cleaned (U+0000 removed, lone surrogates → U+FFFD). When that changed anything,
 * or the bytes were not valid UTF-8, `raw` keeps the bytes as received. A signed delivery that
 * cannot be stored or processed at all (too deep, a field too long, refused by the database) is
 * kept as `raw` with `rejected` saying why, no body and no events: answered 200, so Meta stops
 * retrying it.
 */
export const webhookPayloads = app.table(
  "webhook_payloads",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    body: jsonb("body"),
    raw: bytea("raw"),
    rejected: text("rejected"),
    receivedAt: ts("received_at").notNull().defaultNow(),
  },
  (t) => [index("webhook_payloads_received_idx").on(t.receivedAt)],
);

export const inboundEventStatus = app.enum("inbound_event_status", ["pending", "processed", "failed"]);

/**
 * Every accepted webhook event, stored before the 200: its normalized form, and the delivery it
 * came in (raw body in webhook_payloads). (account, dedupe key) is unique, so a repeated delivery is a no-op. `id`
 * gives arrival order, which is processing order for one person.
 */
export const inboundEvents = app.table(
  "inbound_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    igAccountId: text("ig_account_id").notNull(),
    personId: text("person_id").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    kind: text("kind").notNull(),
    payloadId: bigint("payload_id", { mode: "number" })
      .notNull()
      .references(() => webhookPayloads.id, { onDelete: "cascade" }),
    event: jsonb("event").$type<InboundEvent>().notNull(),
    receivedAt: ts("received_at").notNull().defaultNow(),
    status: inboundEventStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    processedAt: ts("processed_at"),
    error: text("error"),
  },
  (t) => [
    uniqueIndex("inbound_events_dedupe_uq").on(t.igAccountId, t.dedupeKey),
    index("inbound_events_pending_idx").on(t.igAccountId, t.personId, t.id).where(sql`status = 'pending'`),
    index("inbound_events_received_idx").on(t.receivedAt),
  ],
);

/**
 * A person as one connected account knows them, and the state of their thread: the 24-hour
 * window (last inbound), a hand-over pause, tags, fields, lead status.
 */
export const contacts = app.table(
  "contacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id").notNull(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => instagramAccounts.id, { onDelete: "cascade" }),
    igsid: text("igsid").notNull(),
    username: text("username"),
    name: text("name"),
    followsBusiness: boolean("follows_business"),
    tags: text("tags").array().notNull().default([]),
    fields: jsonb("fields").$type<Record<string, string>>().notNull().default({}),
    isLead: boolean("is_lead").notNull().default(false),
    /** The person's last message in the thread: the 24-hour window runs from here. */
    lastInboundAt: ts("last_inbound_at"),
    lastOutboundAt: ts("last_outbound_at"),
    /** Automations stay silent in this thread until then (hand-over, or a human answered). */
    botPausedUntil: ts("bot_paused_until"),
    needsHuman: boolean("needs_human").notNull().default(false),
    /** The AI automation this person is talking with (src/server/ai): follow-ups need no keyword. */
    aiAutomationId: text("ai_automation_id"),
    /** The last AI answer in this thread; the conversation continues for 24 hours after it. */
    aiConversationAt: ts("ai_conversation_at"),
    /** once-per-person bookkeeping: automation ids (and `id:mediaId` for comment triggers). */
    usedAutomations: text("used_automations").array().notNull().default([]),
    messageCount: integer("message_count").notNull().default(0),
    firstSeenAt: ts("first_seen_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("contacts_account_igsid_uq").on(t.accountId, t.igsid),
    index("contacts_workspace_idx").on(t.workspaceId, t.updatedAt),
  ],
);

export const runStatus = app.enum("run_status", ["running", "waiting", "parked", "done", "failed"]);

/**
 * The execution of one decision: its resolved actions and how far it got. A delay or a parked
 * account (rate limit, token to reconnect) suspends it; a job resumes it later.
 */
export const automationRuns = app.table(
  "automation_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id").notNull(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => instagramAccounts.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    eventId: bigint("event_id", { mode: "number" }).notNull(),
    automationId: text("automation_id").notNull(),
    actions: jsonb("actions").$type<unknown[]>().notNull(),
    nextAction: integer("next_action").notNull().default(0),
    status: runStatus("status").notNull().default("running"),
    resumeAt: ts("resume_at"),
    parkedReason: text("parked_reason"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("automation_runs_event_uq").on(t.eventId, t.accountId),
    index("automation_runs_parked_idx").on(t.accountId).where(sql`status = 'parked'`),
  ],
);

/**
 * An automatable event that came in while its account was not connected (token expired,
 * disconnected): set aside with the contact's facts as they were then, and replayed in order
 * by the person's mailbox once the account is connected again, or given up past Meta's reply
 * window (worker/parked-events.ts). Before, such events were skipped and never answered.
 */
export const parkedEvents = app.table(
  "parked_events",
  {
    eventId: bigint("event_id", { mode: "number" })
      .notNull()
      .references(() => inboundEvents.id, { onDelete: "cascade" }),
    accountId: uuid("account_id")
      .notNull()
      .references(() => instagramAccounts.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    /** The person's mailbox (inbound_events' key): the replay runs inside it, in order. */
    igAccountId: text("ig_account_id").notNull(),
    personId: text("person_id").notNull(),
    /** The engine's facts of the moment (a first message stays a first message on replay). */
    contactCreated: boolean("contact_created").notNull(),
    messageCount: integer("message_count").notNull(),
    attempts: integer("attempts").notNull().default(0),
    parkedAt: ts("parked_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.accountId] }),
    index("parked_events_person_idx").on(t.igAccountId, t.personId, t.eventId),
    index("parked_events_account_idx").on(t.accountId),
  ],
);

export const outboundStatus = app.enum("outbound_status", ["sending", "sent", "failed", "skipped"]);

/**
 * One message autodm sends, recorded BEFORE the call (the intent) and completed after it. A
 * crash in between leaves `sending`: before any retry it is reconciled (by the echo's mid or
 * the comment reply Meta sends back), so nothing is sent twice.
 */
export const outboundMessages = app.table(
  "outbound_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id").notNull(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => instagramAccounts.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    runId: uuid("run_id").references(() => automationRuns.id, { onDelete: "cascade" }),
    actionIndex: integer("action_index"),
    /** Sends that are not a run's action (the inbox: `inbox:<messageId>`): exactly once per key. */
    idempotencyKey: text("idempotency_key"),
    /** send | private_reply | public_reply */
    channel: text("channel").notNull(),
    recipientId: text("recipient_id").notNull(),
    commentId: text("comment_id"),
    body: jsonb("body").notNull(),
    text: text("text"),
    status: outboundStatus("status").notNull().default("sending"),
    attempts: integer("attempts").notNull().default(0),
    metaMessageId: text("meta_message_id"),
    errorCode: integer("error_code"),
    errorSubcode: integer("error_subcode"),
    errorMessage: text("error_message"),
    createdAt: ts("created_at").notNull().defaultNow(),
    sentAt: ts("sent_at"),
  },
  (t) => [
    uniqueIndex("outbound_messages_run_action_uq").on(t.runId, t.actionIndex),
    uniqueIndex("outbound_messages_key_uq").on(t.idempotencyKey),
    index("outbound_messages_reconcile_idx").on(t.accountId, t.recipientId).where(sql`status = 'sending'`),
    uniqueIndex("outbound_messages_private_reply_uq")
      .on(t.accountId, t.commentId)
      .where(sql`channel = 'private_reply' and status in ('sending', 'sent')`),
  ],
);

export const activityStatus = app.enum("activity_status", ["success", "failed", "pending", "skipped"]);

/** One row per handled event: what came in, what autodm did, and why (or why not). */
export const activity = app.table(
  "activity",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => instagramAccounts.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    eventId: bigint("event_id", { mode: "number" }),
    automationId: text("automation_id"),
    personId: text("person_id").notNull(),
    personUsername: text("person_username"),
    trigger: text("trigger").notNull(),
    incomingText: text("incoming_text"),
    responseText: text("response_text"),
    status: activityStatus("status").notNull(),
    reason: text("reason"),
    detail: jsonb("detail"),
    metaErrorCode: integer("meta_error_code"),
    metaErrorSubcode: integer("meta_error_subcode"),
    metaErrorMessage: text("meta_error_message"),
    latencyMs: integer("latency_ms"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("activity_event_account_uq").on(t.eventId, t.accountId),
    index("activity_workspace_time_idx").on(t.workspaceId, t.id),
    index("activity_automation_idx").on(t.automationId, t.status),
  ],
);

/**
 * Token buckets per account and kind of send, shared by every worker (Meta's limits are per
 * account: 100 sends/s, 750 private replies/hour). See messaging/send-pacer.ts.
 */
export const sendBuckets = app.table(
  "send_buckets",
  {
    accountId: uuid("account_id")
      .notNull()
      .references(() => instagramAccounts.id, { onDelete: "cascade" }),
    bucket: text("bucket").notNull(),
    tokens: doublePrecision("tokens").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.bucket] })],
);
