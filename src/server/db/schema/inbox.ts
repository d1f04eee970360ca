import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import {
  MESSAGE_STATUSES,
  MESSAGE_TYPES,
  SENDER_KINDS,
  TEMPLATE_CATEGORIES,
} from "../../../shared/api/inbox.ts";
import { app } from "./app-schema.ts";
import { instagramAccounts } from "./instagram.ts";
import { contacts } from "./pipeline.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * The inbox's view of one thread. A conversation IS a contact (account × person), so its key
 * is the contact id; the bot state, tags and lead flag stay on the contact (the pipeline reads
 * them there), this row holds what the list shows and sorts on.
 */
export const conversations = app.table(
  "conversations",
  {
    contactId: uuid("contact_id")
      .primaryKey()
      .references(() => contacts.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => instagramAccounts.id, { onDelete: "cascade" }),
    lastMessageAt: ts("last_message_at").notNull(),
    lastMessagePreview: text("last_message_preview"),
    lastMessageDirection: text("last_message_direction").notNull(),
    /** The person's last message + 24 h (Meta's window); null: they never wrote. */
    canReplyUntil: ts("can_reply_until"),
    unreadCount: integer("unread_count").notNull().default(0),
    priority: boolean("priority").notNull().default(false),
    /** A member's user id (better-auth), or null. */
    assigneeId: text("assignee_id"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("conversations_list_idx").on(t.workspaceId, t.lastMessageAt.desc(), t.contactId.desc()),
    index("conversations_account_list_idx").on(
      t.workspaceId,
      t.accountId,
      t.lastMessageAt.desc(),
      t.contactId.desc(),
    ),
    index("conversations_updated_idx").on(t.workspaceId, t.updatedAt),
  ],
);

export const messageDirection = app.enum("message_direction", ["in", "out"]);
export const messageType = app.enum("message_type", MESSAGE_TYPES);
/** person: the other side; app: a person answering from the Instagram app (an echo). */
export const senderKind = app.enum("sender_kind", SENDER_KINDS);
export const messageStatus = app.enum("message_status", MESSAGE_STATUSES);

/** Every message of a thread, once: inbound, automated, AI, typed in the inbox, or echoed. */
export const messages = app.table(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id").notNull(),
    /** = contacts.id (conversations.contact_id). */
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    accountId: uuid("account_id")
      .notNull()
      .references(() => instagramAccounts.id, { onDelete: "cascade" }),
    direction: messageDirection("direction").notNull(),
    type: messageType("type").notNull(),
    text: text("text"),
    /** Attachments as Meta gave them: [{type, url}] (CDN URLs expire; never downloaded). */
    attachments: jsonb("attachments").$type<{ type: string; url?: string }[]>(),
    /** What the message refers to: a story, a post/reel, a comment, or a message (reactions). */
    ref: jsonb("ref").$type<{ kind: string; id?: string; url?: string }>(),
    senderKind: senderKind("sender_kind").notNull(),
    /** automation id, or the member's user id. */
    senderRef: text("sender_ref"),
    status: messageStatus("status").notNull(),
    metaMessageId: text("meta_message_id"),
    failureCode: integer("failure_code"),
    failureReason: text("failure_reason"),
    /** Our sends: the Sender's intent row (outbound_messages.id). */
    outboundId: uuid("outbound_id"),
    /** Inbound and echoes: the event's dedupe key, so a retried event records once. */
    dedupeKey: text("dedupe_key"),
    eventId: bigint("event_id", { mode: "number" }),
    humanAgent: boolean("human_agent").notNull().default(false),
    at: ts("at").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("messages_thread_idx").on(t.workspaceId, t.conversationId, t.at.desc(), t.id.desc()),
    index("messages_meta_id_idx").on(t.accountId, t.metaMessageId).where(sql`meta_message_id is not null`),
    uniqueIndex("messages_outbound_uq").on(t.outboundId),
    uniqueIndex("messages_dedupe_uq").on(t.accountId, t.dedupeKey).where(sql`dedupe_key is not null`),
  ],
);

/** Per-workspace inbox settings; a missing row means the defaults. */
export const workspaceSettings = app.table("workspace_settings", {
  workspaceId: text("workspace_id").primaryKey(),
  /** HUMAN_AGENT replies (24 h – 7 d) need Meta's approval of the permission: off by default. */
  humanAgentReplies: boolean("human_agent_replies").notNull().default(false),
  /** How long a member's reply (inbox or Instagram app) silences automations; null: the server default. */
  botPauseMinutes: integer("bot_pause_minutes"),
  followUpHours: integer("follow_up_hours").notNull().default(12),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const templateCategory = app.enum("template_category", TEMPLATE_CATEGORIES);

/** Reusable replies of a workspace, with `{{variables}}` rendered per person. */
export const messageTemplates = app.table(
  "message_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id").notNull(),
    name: text("name").notNull(),
    category: templateCategory("category").notNull(),
    content: text("content").notNull(),
    useCount: integer("use_count").notNull().default(0),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("message_templates_workspace_idx").on(t.workspaceId, t.name)],
);
