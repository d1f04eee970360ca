CREATE TABLE "autodm"."send_buckets" (
	"account_id" uuid NOT NULL,
	"bucket" text NOT NULL,
	"tokens" double precision NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "send_buckets_account_id_bucket_pk" PRIMARY KEY("account_id","bucket")
);
--> statement-breakpoint
ALTER TABLE "autodm"."send_buckets" ADD CONSTRAINT "send_buckets_account_id_instagram_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "autodm"."instagram_accounts"("id") ON DELETE cascade ON UPDATE no action;