ALTER TABLE "autodm"."leads" ADD COLUMN "dm_request_key" text;--> statement-breakpoint
ALTER TABLE "autodm"."leads" ADD COLUMN "dm_text" text;