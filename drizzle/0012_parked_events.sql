CREATE TABLE "autodm"."parked_events" (
	"event_id" bigint NOT NULL,
	"account_id" uuid NOT NULL,
	"workspace_id" text NOT NULL,
	"contact_id" uuid NOT NULL,
	"ig_account_id" text NOT NULL,
	"person_id" text NOT NULL,
	"contact_created" boolean NOT NULL,
	"message_count" integer NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"parked_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parked_events_event_id_account_id_pk" PRIMARY KEY("event_id","account_id")
);
--> statement-breakpoint
ALTER TABLE "autodm"."parked_events" ADD CONSTRAINT "parked_events_event_id_inbound_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "autodm"."inbound_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "autodm"."parked_events" ADD CONSTRAINT "parked_events_account_id_instagram_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "autodm"."instagram_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "autodm"."parked_events" ADD CONSTRAINT "parked_events_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "autodm"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "parked_events_person_idx" ON "autodm"."parked_events" USING btree ("ig_account_id","person_id","event_id");--> statement-breakpoint
CREATE INDEX "parked_events_account_idx" ON "autodm"."parked_events" USING btree ("account_id");