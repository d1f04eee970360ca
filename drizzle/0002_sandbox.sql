CREATE TABLE "autodm"."sandbox_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"name" text NOT NULL,
	"profile_picture_url" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_accounts_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "autodm"."sandbox_comments" (
	"id" text PRIMARY KEY NOT NULL,
	"media_id" text NOT NULL,
	"account_id" text NOT NULL,
	"person_id" text,
	"text" text NOT NULL,
	"parent_id" text,
	"hidden" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"private_replied_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "autodm"."sandbox_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"attempted_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"event_ids" bigint[] NOT NULL,
	"status" integer,
	"error" text,
	"duration_ms" integer NOT NULL,
	"body" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "autodm"."sandbox_facebook_users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "autodm"."sandbox_media" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"kind" text NOT NULL,
	"caption" text DEFAULT '' NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"ended_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "autodm"."sandbox_messages" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"mid" text NOT NULL,
	"account_id" text NOT NULL,
	"person_id" text NOT NULL,
	"direction" text NOT NULL,
	"kind" text NOT NULL,
	"body" jsonb NOT NULL,
	"source" text NOT NULL,
	"opens_window" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "sandbox_messages_mid_unique" UNIQUE("mid")
);
--> statement-breakpoint
CREATE TABLE "autodm"."sandbox_oauth_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"flow" text NOT NULL,
	"client_id" text NOT NULL,
	"redirect_uri" text NOT NULL,
	"account_id" text,
	"facebook_user_id" text,
	"scopes" text DEFAULT '' NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"used_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "autodm"."sandbox_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"field" text NOT NULL,
	"shape" text NOT NULL,
	"payload" jsonb NOT NULL,
	"event_time_ms" bigint NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_status" integer,
	"last_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "autodm"."sandbox_pages" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"facebook_user_id" text NOT NULL,
	"account_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_pages_account_id_unique" UNIQUE("account_id")
);
--> statement-breakpoint
CREATE TABLE "autodm"."sandbox_people" (
	"igsid" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"name" text,
	"profile_pic" text,
	"follows_business" boolean DEFAULT false NOT NULL,
	"business_follows_user" boolean DEFAULT false NOT NULL,
	"accepts_messages" boolean DEFAULT true NOT NULL,
	"is_verified" boolean DEFAULT false NOT NULL,
	"follower_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_people_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "autodm"."sandbox_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "autodm"."sandbox_subscriptions" (
	"target_id" text PRIMARY KEY NOT NULL,
	"fields" text[] NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "autodm"."sandbox_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"account_id" text,
	"page_id" text,
	"facebook_user_id" text,
	"scopes" text DEFAULT '' NOT NULL,
	"issued_at" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone,
	"revoked_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE INDEX "sandbox_comments_media_idx" ON "autodm"."sandbox_comments" USING btree ("media_id");--> statement-breakpoint
CREATE INDEX "sandbox_media_account_idx" ON "autodm"."sandbox_media" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "sandbox_messages_thread_idx" ON "autodm"."sandbox_messages" USING btree ("account_id","person_id","seq");--> statement-breakpoint
CREATE INDEX "sandbox_messages_account_time_idx" ON "autodm"."sandbox_messages" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "sandbox_outbox_due_idx" ON "autodm"."sandbox_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "sandbox_tokens_account_idx" ON "autodm"."sandbox_tokens" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "sandbox_tokens_page_idx" ON "autodm"."sandbox_tokens" USING btree ("page_id");