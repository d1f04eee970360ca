import { sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { activity } from "../db/schema/index.ts";

export type ActivityInsert = typeof activity.$inferInsert;

/**
 * One row per handled event and account: written when the event is decided, updated as its
 * run finishes, waits or fails (idempotent on retries by the unique (event, account)).
 */
export class ActivityLog {
  constructor(
    private readonly db: Db,
    private readonly onChange?: (row: typeof activity.$inferSelect) => void,
  ) {}

  async record(row: ActivityInsert) {
    const [saved] = await this.db
      .insert(activity)
      .values(row)
      .onConflictDoUpdate({
        target: [activity.eventId, activity.accountId],
        set: {
          automationId: row.automationId ?? null,
          responseText: row.responseText ?? null,
          status: row.status,
          reason: row.reason ?? null,
          detail: row.detail ?? null,
          metaErrorCode: row.metaErrorCode ?? null,
          metaErrorSubcode: row.metaErrorSubcode ?? null,
          metaErrorMessage: row.metaErrorMessage ?? null,
          latencyMs: row.latencyMs ?? null,
          updatedAt: sql`now()`,
        },
      })
      .returning();
    if (saved) this.onChange?.(saved);
    return saved;
  }
}
