ALTER TYPE "autodm"."instagram_account_status" ADD VALUE 'disconnected';--> statement-breakpoint
CREATE TABLE "autodm"."data_deletion_requests" (
	"confirmation_code" text PRIMARY KEY NOT NULL,
	"user_id" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"counts" jsonb,
	"requested_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE INDEX "data_deletion_requests_pending_idx" ON "autodm"."data_deletion_requests" USING btree ("requested_at");