ALTER TABLE "autodm"."webhook_payloads" ALTER COLUMN "body" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "autodm"."webhook_payloads" ADD COLUMN "raw" "bytea";--> statement-breakpoint
ALTER TABLE "autodm"."webhook_payloads" ADD COLUMN "rejected" text;