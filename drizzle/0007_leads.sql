CREATE TYPE "autodm"."lead_dm_status" AS ENUM('none', 'pending', 'sent', 'failed', 'coming_soon');--> statement-breakpoint
CREATE TYPE "autodm"."lead_source" AS ENUM('manual', 'website', 'instagram_dm', 'comment', 'automation', 'api', 'referral', 'import');--> statement-breakpoint
CREATE TABLE "autodm"."leads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" text NOT NULL,
	"contact_id" uuid,
	"name" text,
	"username" text,
	"instagram_id" text,
	"email" text,
	"phone" text,
	"source" "autodm"."lead_source" NOT NULL,
	"source_detail" text,
	"automation_id" text,
	"media_id" text,
	"notes" text,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dm_status" "autodm"."lead_dm_status" DEFAULT 'none' NOT NULL,
	"dm_provider" text,
	"dm_sent_at" timestamp (3) with time zone,
	"dm_error" text,
	"dm_message_id" text,
	"dm_attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "autodm"."leads" ADD CONSTRAINT "leads_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "autodm"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "leads_workspace_instagram_uq" ON "autodm"."leads" USING btree ("workspace_id","instagram_id") WHERE instagram_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "leads_workspace_email_uq" ON "autodm"."leads" USING btree ("workspace_id","email") WHERE email is not null;--> statement-breakpoint
CREATE INDEX "leads_workspace_created_idx" ON "autodm"."leads" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "leads_workspace_updated_idx" ON "autodm"."leads" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "leads_workspace_name_idx" ON "autodm"."leads" USING btree ("workspace_id",lower(coalesce(name, '')),"id");--> statement-breakpoint
CREATE INDEX "leads_workspace_contact_idx" ON "autodm"."leads" USING btree ("workspace_id","contact_id");