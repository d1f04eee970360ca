CREATE TYPE "autodm"."instagram_account_status" AS ENUM('connected', 'expired', 'error');--> statement-breakpoint
CREATE TYPE "autodm"."instagram_login_type" AS ENUM('instagram', 'facebook', 'sandbox');--> statement-breakpoint
CREATE TABLE "autodm"."instagram_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" text NOT NULL,
	"login_type" "autodm"."instagram_login_type" NOT NULL,
	"ig_user_id" text NOT NULL,
	"username" text NOT NULL,
	"name" text,
	"profile_picture_url" text,
	"page_id" text,
	"access_token" text NOT NULL,
	"token_issued_at" timestamp with time zone NOT NULL,
	"token_expires_at" timestamp with time zone,
	"scopes" text[] DEFAULT '{}' NOT NULL,
	"webhook_fields" text[] DEFAULT '{}' NOT NULL,
	"status" "autodm"."instagram_account_status" DEFAULT 'connected' NOT NULL,
	"status_reason" text,
	"last_refreshed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "autodm"."oauth_states" (
	"state" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"login_type" "autodm"."instagram_login_type" NOT NULL,
	"browser_binding" text NOT NULL,
	"redirect_uri" text NOT NULL,
	"return_to" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"pending_user_token" text,
	"pending_pages" jsonb
);
--> statement-breakpoint
CREATE UNIQUE INDEX "instagram_accounts_workspace_ig_user_uq" ON "autodm"."instagram_accounts" USING btree ("workspace_id","ig_user_id");--> statement-breakpoint
CREATE INDEX "instagram_accounts_ig_user_idx" ON "autodm"."instagram_accounts" USING btree ("ig_user_id");