import { sql } from "drizzle-orm";
import { bigserial, index, integer, text, timestamp } from "drizzle-orm/pg-core";
import { app } from "./app-schema.ts";

/** The demo job's effect: one row per key, written idempotently, whatever the retries. */
export const demoEffects = app.table("demo_effects", {
  key: text("key").primaryKey(),
  jobId: text("job_id").notNull(),
  attempt: integer("attempt").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Every execution of the demo job, including the failed and the interrupted ones. */
export const demoExecutions = app.table(
  "demo_executions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    key: text("key").notNull(),
    attempt: integer("attempt").notNull(),
    worker: text("worker").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, precision: 3 })
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [index("demo_executions_key_idx").on(t.key)],
);
