CREATE TYPE "autodm"."template_category" AS ENUM('greeting', 'follow_up', 'scheduling', 'other');--> statement-breakpoint
CREATE TABLE "autodm"."message_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"category" "autodm"."template_category" NOT NULL,
	"content" text NOT NULL,
	"use_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "message_templates_workspace_idx" ON "autodm"."message_templates" USING btree ("workspace_id","name");