import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { activity, instagramAccounts } from "../db/schema/index.ts";

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

  async statusOf(eventId: number, accountId: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ status: activity.status })
      .from(activity)
      .where(and(eq(activity.eventId, eventId), eq(activity.accountId, accountId)));
    return row?.status;
  }

  /** The event's rows still `pending` on these accounts fail, saying retries ran out and why. */
  async failPending(eventId: number, accountIds: string[], message: string) {
    await this.db
      .update(activity)
      .set({
        status: "failed",
        reason: "retries_exhausted",
        metaErrorMessage: message.slice(0, 500),
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(activity.eventId, eventId),
          eq(activity.status, "pending"),
          inArray(activity.accountId, accountIds),
        ),
      );
  }

  /** Whether a reply went out in the workspace's test phone (a success on a sandbox account). */
  async sandboxReplied(workspaceId: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: activity.id })
      .from(activity)
      .innerJoin(instagramAccounts, eq(instagramAccounts.id, activity.accountId))
      .where(
        and(
          eq(activity.workspaceId, workspaceId),
          eq(activity.status, "success"),
          eq(instagramAccounts.loginType, "sandbox"),
        ),
      )
      .limit(1);
    return rows.length > 0;
  }

  /** Retention: rows older than `before`, in every workspace; returns how many went. */
  async deleteOlderThan(before: Date): Promise<number> {
    const rows = await this.db
      .delete(activity)
      .where(lt(activity.createdAt, before))
      .returning({ id: activity.id });
    return rows.length;
  }
}
