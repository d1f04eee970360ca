import { index, jsonb, text, timestamp } from "drizzle-orm/pg-core";
import { app } from "./app-schema.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * A data-deletion request from Meta's callback (the person removed the app or asked Meta to
 * delete their data). It spans every workspace of the installation, so it has no workspace_id.
 * `userId` is kept only until the deletion is done; afterwards the row holds the code, the
 * status and how many rows were removed per table, nothing that identifies the person.
 */
export const dataDeletionRequests = app.table(
  "data_deletion_requests",
  {
    confirmationCode: text("confirmation_code").primaryKey(),
    userId: text("user_id"),
    status: text("status").$type<"pending" | "done">().notNull().default("pending"),
    /** Rows removed or erased per table, e.g. {"autodm.contacts": 2}. */
    counts: jsonb("counts").$type<Record<string, number>>(),
    requestedAt: ts("requested_at").notNull().defaultNow(),
    completedAt: ts("completed_at"),
  },
  (t) => [index("data_deletion_requests_pending_idx").on(t.requestedAt)],
);
