CREATE TABLE "autodm"."sandbox_graph_calls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"path" text NOT NULL,
	"at_ms" bigint NOT NULL,
	"rejected" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sandbox_graph_calls_token_idx" ON "autodm"."sandbox_graph_calls" USING btree ("token_hash","at_ms");