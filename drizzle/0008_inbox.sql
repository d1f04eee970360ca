CREATE TYPE "autodm"."message_direction" AS ENUM('in', 'out');--> statement-breakpoint
CREATE TYPE "autodm"."message_status" AS ENUM('received', 'pending', 'sent', 'delivered', 'read', 'failed');--> statement-breakpoint
CREATE TYPE "autodm"."message_type" AS ENUM('text', 'media', 'story_reply', 'story_mention', 'share', 'reaction', 'postback', 'unsupported');--> statement-breakpoint
CREATE TYPE "autodm"."sender_kind" AS ENUM('person', 'automation', 'ai', 'member', 'app');--> statement-breakpoint
CREATE TABLE "autodm"."conversations" (
	"contact_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"account_id" uuid NOT NULL,
	"last_message_at" timestamp (3) with time zone NOT NULL,
	"last_message_preview" text,
	"last_message_direction" text NOT NULL,
	"can_reply_until" timestamp (3) with time zone,
	"unread_count" integer DEFAULT 0 NOT NULL,
	"priority" boolean DEFAULT false NOT NULL,
	"assignee_id" text,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "autodm"."messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" text NOT NULL,
	"conversation_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"direction" "autodm"."message_direction" NOT NULL,
	"type" "autodm"."message_type" NOT NULL,
	"text" text,
	"attachments" jsonb,
	"ref" jsonb,
	"sender_kind" "autodm"."sender_kind" NOT NULL,
	"sender_ref" text,
	"status" "autodm"."message_status" NOT NULL,
	"meta_message_id" text,
	"failure_code" integer,
	"failure_reason" text,
	"outbound_id" uuid,
	"dedupe_key" text,
	"event_id" bigint,
	"human_agent" boolean DEFAULT false NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "autodm"."workspace_settings" (
	"workspace_id" text PRIMARY KEY NOT NULL,
	"human_agent_replies" boolean DEFAULT false NOT NULL,
	"bot_pause_minutes" integer,
	"follow_up_hours" integer DEFAULT 12 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "autodm"."outbound_messages" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "autodm"."conversations" ADD CONSTRAINT "conversations_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "autodm"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "autodm"."conversations" ADD CONSTRAINT "conversations_account_id_instagram_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "autodm"."instagram_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "autodm"."messages" ADD CONSTRAINT "messages_conversation_id_contacts_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "autodm"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "autodm"."messages" ADD CONSTRAINT "messages_account_id_instagram_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "autodm"."instagram_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversations_list_idx" ON "autodm"."conversations" USING btree ("workspace_id","last_message_at" DESC NULLS LAST,"contact_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "conversations_account_list_idx" ON "autodm"."conversations" USING btree ("workspace_id","account_id","last_message_at" DESC NULLS LAST,"contact_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "conversations_updated_idx" ON "autodm"."conversations" USING btree ("workspace_id","updated_at");--> statement-breakpoint
CREATE INDEX "messages_thread_idx" ON "autodm"."messages" USING btree ("workspace_id","conversation_id","at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "messages_meta_id_idx" ON "autodm"."messages" USING btree ("account_id","meta_message_id") WHERE meta_message_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_outbound_uq" ON "autodm"."messages" USING btree ("outbound_id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_dedupe_uq" ON "autodm"."messages" USING btree ("account_id","dedupe_key") WHERE dedupe_key is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_messages_key_uq" ON "autodm"."outbound_messages" USING btree ("idempotency_key");--> statement-breakpoint
-- Backfill: the threads of existing contacts, from what autodm stored (inbound events that
-- retention kept, and every send). The person's messages first:
INSERT INTO "autodm"."messages" ("workspace_id", "conversation_id", "account_id", "direction", "type", "text", "attachments", "ref", "sender_kind", "status", "meta_message_id", "dedupe_key", "event_id", "at")
SELECT k.workspace_id, k.id, k.account_id, 'in',
  (CASE e.kind
    WHEN 'postback' THEN 'postback' WHEN 'story_reply' THEN 'story_reply' WHEN 'story_mention' THEN 'story_mention'
    WHEN 'reaction' THEN 'reaction' WHEN 'unsupported' THEN 'unsupported'
    ELSE CASE WHEN e.event->>'text' IS NULL AND e.event ? 'attachments' THEN 'media' ELSE 'text' END
  END)::"autodm"."message_type",
  CASE e.kind
    WHEN 'postback' THEN coalesce(e.event->'postback'->>'title', e.event->'postback'->>'payload')
    WHEN 'reaction' THEN coalesce(e.event->'reaction'->>'emoji', e.event->'reaction'->>'reaction')
    WHEN 'unsupported' THEN NULL
    ELSE e.event->>'text'
  END,
  e.event->'attachments',
  CASE e.kind
    WHEN 'story_reply' THEN jsonb_strip_nulls(jsonb_build_object('kind', 'story', 'id', e.event->'replyTo'->>'storyId', 'url', e.event->'replyTo'->>'storyUrl'))
    WHEN 'story_mention' THEN jsonb_build_object('kind', 'story')
    WHEN 'reaction' THEN jsonb_build_object('kind', 'message', 'id', e.event->'reaction'->>'messageId')
  END,
  'person', 'received', e.event->>'messageId', e.dedupe_key, e.id, to_timestamp((e.event->>'timestamp')::bigint / 1000.0)
FROM "autodm"."inbound_events" e
JOIN "autodm"."instagram_accounts" a ON a.ig_user_id = e.ig_account_id
JOIN "autodm"."contacts" k ON k.account_id = a.id AND k.igsid = e.person_id
WHERE NOT coalesce((e.event->>'isEcho')::boolean, false)
  AND (e.kind IN ('message', 'quick_reply', 'postback', 'story_reply', 'story_mention', 'reaction', 'unsupported')
    OR (e.kind = 'referral' AND e.event ? 'text'))
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Our sends (automations and AI), with their outcome:
INSERT INTO "autodm"."messages" ("workspace_id", "conversation_id", "account_id", "direction", "type", "text", "ref", "sender_kind", "sender_ref", "status", "meta_message_id", "failure_code", "failure_reason", "outbound_id", "at")
SELECT o.workspace_id, o.contact_id, o.account_id, 'out',
  (CASE WHEN o.text IS NULL THEN 'media' ELSE 'text' END)::"autodm"."message_type", o.text,
  CASE WHEN o.comment_id IS NOT NULL THEN jsonb_build_object('kind', 'comment', 'id', o.comment_id) END,
  'automation', r.automation_id,
  (CASE o.status WHEN 'sent' THEN 'sent' WHEN 'failed' THEN 'failed' ELSE 'pending' END)::"autodm"."message_status",
  o.meta_message_id,
  CASE WHEN o.status = 'failed' THEN o.error_code END,
  CASE WHEN o.status = 'failed' THEN o.error_message END,
  o.id, o.created_at
FROM "autodm"."outbound_messages" o
LEFT JOIN "autodm"."automation_runs" r ON r.id = o.run_id
WHERE o.contact_id IS NOT NULL AND o.channel <> 'public_reply' AND o.status <> 'skipped'
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Replies typed in the Instagram app (echoes that are none of our sends):
INSERT INTO "autodm"."messages" ("workspace_id", "conversation_id", "account_id", "direction", "type", "text", "attachments", "sender_kind", "status", "meta_message_id", "dedupe_key", "event_id", "at")
SELECT k.workspace_id, k.id, k.account_id, 'out',
  (CASE WHEN e.event->>'text' IS NULL THEN 'media' ELSE 'text' END)::"autodm"."message_type",
  e.event->>'text', e.event->'attachments', 'app', 'delivered', e.event->>'messageId', e.dedupe_key, e.id,
  to_timestamp((e.event->>'timestamp')::bigint / 1000.0)
FROM "autodm"."inbound_events" e
JOIN "autodm"."instagram_accounts" a ON a.ig_user_id = e.ig_account_id
JOIN "autodm"."contacts" k ON k.account_id = a.id AND k.igsid = e.person_id
WHERE e.kind = 'echo'
  AND NOT EXISTS (SELECT 1 FROM "autodm"."outbound_messages" o WHERE o.account_id = a.id AND o.meta_message_id = e.event->>'messageId')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- An echo of our send proves it is in the thread; a read receipt covers everything before it.
UPDATE "autodm"."messages" m SET "status" = 'delivered'
FROM "autodm"."inbound_events" e, "autodm"."instagram_accounts" a
WHERE m.direction = 'out' AND m.status = 'sent' AND e.kind = 'echo' AND a.ig_user_id = e.ig_account_id
  AND m.account_id = a.id AND m.meta_message_id = e.event->>'messageId';
--> statement-breakpoint
UPDATE "autodm"."messages" m SET "status" = 'read'
FROM (
  SELECT k.id AS contact_id, max(to_timestamp((e.event->>'timestamp')::bigint / 1000.0)) AS read_at
  FROM "autodm"."inbound_events" e
  JOIN "autodm"."instagram_accounts" a ON a.ig_user_id = e.ig_account_id
  JOIN "autodm"."contacts" k ON k.account_id = a.id AND k.igsid = e.person_id
  WHERE e.kind = 'read' GROUP BY k.id
) r
WHERE m.conversation_id = r.contact_id AND m.direction = 'out' AND m.status IN ('sent', 'delivered') AND m.at <= r.read_at;
--> statement-breakpoint
-- One conversation per contact with messages: its last message, and the window from the contact.
INSERT INTO "autodm"."conversations" ("contact_id", "workspace_id", "account_id", "last_message_at", "last_message_preview", "last_message_direction", "can_reply_until", "unread_count")
SELECT DISTINCT ON (m.conversation_id) m.conversation_id, m.workspace_id, m.account_id, m.at,
  coalesce(left(regexp_replace(m.text, '\s+', ' ', 'g'), 140), CASE m.type
    WHEN 'story_mention' THEN 'Mentioned you in their story' WHEN 'story_reply' THEN 'Replied to your story'
    WHEN 'share' THEN 'Shared a post' WHEN 'media' THEN 'Sent an attachment' ELSE '' END),
  m.direction::text, k.last_inbound_at + interval '24 hours', 0
FROM "autodm"."messages" m
JOIN "autodm"."contacts" k ON k.id = m.conversation_id
ORDER BY m.conversation_id, m.at DESC, m.id DESC
ON CONFLICT DO NOTHING;
