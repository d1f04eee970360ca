CREATE TABLE "autodm"."ai_provider_keys" (
	"workspace_id" text NOT NULL,
	"provider" text NOT NULL,
	"api_key" text,
	"base_url" text,
	"model" text,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_provider_keys_workspace_id_provider_pk" PRIMARY KEY("workspace_id","provider")
);
--> statement-breakpoint
CREATE TABLE "autodm"."ai_settings" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "autodm"."ai_turns" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"contact_id" uuid NOT NULL,
	"automation_id" text NOT NULL,
	"role" text NOT NULL,
	"text" text NOT NULL,
	"run_id" uuid,
	"action_index" integer,
	"meta" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "autodm"."ai_usage" (
	"workspace_id" text NOT NULL,
	"month" text NOT NULL,
	"provider" text NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_usage_workspace_id_month_provider_pk" PRIMARY KEY("workspace_id","month","provider")
);
--> statement-breakpoint
ALTER TABLE "autodm"."contacts" ADD COLUMN "ai_automation_id" text;--> statement-breakpoint
ALTER TABLE "autodm"."contacts" ADD COLUMN "ai_conversation_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "autodm"."ai_settings" ADD CONSTRAINT "ai_settings_account_id_instagram_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "autodm"."instagram_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "autodm"."ai_turns" ADD CONSTRAINT "ai_turns_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "autodm"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ai_turns_contact_idx" ON "autodm"."ai_turns" USING btree ("contact_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "ai_turns_run_action_uq" ON "autodm"."ai_turns" USING btree ("run_id","action_index","role") WHERE run_id is not null;