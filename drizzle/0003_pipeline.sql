CREATE TYPE "autodm"."activity_status" AS ENUM('success', 'failed', 'pending', 'skipped');--> statement-breakpoint
CREATE TYPE "autodm"."inbound_event_status" AS ENUM('pending', 'processed', 'failed');--> statement-breakpoint
CREATE TYPE "autodm"."outbound_status" AS ENUM('sending', 'sent', 'failed', 'skipped');--> statement-breakpoint
CREATE TYPE "autodm"."run_status" AS ENUM('running', 'waiting', 'parked', 'done', 'failed');--> statement-breakpoint
CREATE TABLE "autodm"."automations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" text NOT NULL,
	"account_id" uuid,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "autodm"."activity" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"account_id" uuid NOT NULL,
	"contact_id" uuid,
	"event_id" bigint,
	"automation_id" text,
	"person_id" text NOT NULL,
	"person_username" text,
	"trigger" text NOT NULL,
	"incoming_text" text,
	"response_text" text,
	"status" "autodm"."activity_status" NOT NULL,
	"reason" text,
	"detail" jsonb,
	"meta_error_code" integer,
	"meta_error_subcode" integer,
	"meta_error_message" text,
	"latency_ms" integer,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "autodm"."automation_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" text NOT NULL,
	"account_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"event_id" bigint NOT NULL,
	"automation_id" text NOT NULL,
	"actions" jsonb NOT NULL,
	"next_action" integer DEFAULT 0 NOT NULL,
	"status" "autodm"."run_status" DEFAULT 'running' NOT NULL,
	"resume_at" timestamp (3) with time zone,
	"parked_reason" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "autodm"."contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" text NOT NULL,
	"account_id" uuid NOT NULL,
	"igsid" text NOT NULL,
	"username" text,
	"name" text,
	"follows_business" boolean,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_lead" boolean DEFAULT false NOT NULL,
	"last_inbound_at" timestamp (3) with time zone,
	"last_outbound_at" timestamp (3) with time zone,
	"bot_paused_until" timestamp (3) with time zone,
	"needs_human" boolean DEFAULT false NOT NULL,
	"used_automations" text[] DEFAULT '{}' NOT NULL,
	"message_count" integer DEFAULT 0 NOT NULL,
	"first_seen_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "autodm"."inbound_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ig_account_id" text NOT NULL,
	"person_id" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"kind" text NOT NULL,
	"payload_id" bigint NOT NULL,
	"event" jsonb NOT NULL,
	"received_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"status" "autodm"."inbound_event_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"processed_at" timestamp (3) with time zone,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "autodm"."outbound_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" text NOT NULL,
	"account_id" uuid NOT NULL,
	"contact_id" uuid,
	"run_id" uuid,
	"action_index" integer,
	"channel" text NOT NULL,
	"recipient_id" text NOT NULL,
	"comment_id" text,
	"body" jsonb NOT NULL,
	"text" text,
	"status" "autodm"."outbound_status" DEFAULT 'sending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"meta_message_id" text,
	"error_code" integer,
	"error_subcode" integer,
	"error_message" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "autodm"."webhook_payloads" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"body" jsonb NOT NULL,
	"received_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "autodm"."automations" ADD CONSTRAINT "automations_account_id_instagram_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "autodm"."instagram_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "autodm"."activity" ADD CONSTRAINT "activity_account_id_instagram_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "autodm"."instagram_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "autodm"."activity" ADD CONSTRAINT "activity_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "autodm"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "autodm"."automation_runs" ADD CONSTRAINT "automation_runs_account_id_instagram_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "autodm"."instagram_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "autodm"."automation_runs" ADD CONSTRAINT "automation_runs_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "autodm"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "autodm"."contacts" ADD CONSTRAINT "contacts_account_id_instagram_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "autodm"."instagram_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "autodm"."inbound_events" ADD CONSTRAINT "inbound_events_payload_id_webhook_payloads_id_fk" FOREIGN KEY ("payload_id") REFERENCES "autodm"."webhook_payloads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "autodm"."outbound_messages" ADD CONSTRAINT "outbound_messages_account_id_instagram_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "autodm"."instagram_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "autodm"."outbound_messages" ADD CONSTRAINT "outbound_messages_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "autodm"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "autodm"."outbound_messages" ADD CONSTRAINT "outbound_messages_run_id_automation_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "autodm"."automation_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "automations_workspace_idx" ON "autodm"."automations" USING btree ("workspace_id","enabled");--> statement-breakpoint
CREATE UNIQUE INDEX "activity_event_account_uq" ON "autodm"."activity" USING btree ("event_id","account_id");--> statement-breakpoint
CREATE INDEX "activity_workspace_time_idx" ON "autodm"."activity" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE INDEX "activity_automation_idx" ON "autodm"."activity" USING btree ("automation_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "automation_runs_event_uq" ON "autodm"."automation_runs" USING btree ("event_id","account_id");--> statement-breakpoint
CREATE INDEX "automation_runs_parked_idx" ON "autodm"."automation_runs" USING btree ("account_id") WHERE status = 'parked';--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_account_igsid_uq" ON "autodm"."contacts" USING btree ("account_id","igsid");--> statement-breakpoint
CREATE INDEX "contacts_workspace_idx" ON "autodm"."contacts" USING btree ("workspace_id","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_events_dedupe_uq" ON "autodm"."inbound_events" USING btree ("ig_account_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "inbound_events_pending_idx" ON "autodm"."inbound_events" USING btree ("ig_account_id","person_id","id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "inbound_events_received_idx" ON "autodm"."inbound_events" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_messages_run_action_uq" ON "autodm"."outbound_messages" USING btree ("run_id","action_index");--> statement-breakpoint
CREATE INDEX "outbound_messages_reconcile_idx" ON "autodm"."outbound_messages" USING btree ("account_id","recipient_id") WHERE status = 'sending';--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_messages_private_reply_uq" ON "autodm"."outbound_messages" USING btree ("account_id","comment_id") WHERE channel = 'private_reply' and status in ('sending', 'sent');--> statement-breakpoint
CREATE INDEX "webhook_payloads_received_idx" ON "autodm"."webhook_payloads" USING btree ("received_at");