import { and, desc, eq, gt, gte, ilike, lt, lte, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/database.ts";
import { activity } from "../db/schema/index.ts";

export const ActivityFilter = z.object({
  status: z.enum(["success", "failed", "pending", "skipped"]).optional(),
  automationId: z.string().uuid().optional(),
  accountId: z.string().uuid().optional(),
  /** Searches the incoming and the response text, and the person's username. */
  q: z.string().trim().min(1).max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** The last id of the previous page (newest first). */
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ActivityFilter = z.infer<typeof ActivityFilter>;

export type ActivityRow = typeof activity.$inferSelect;

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function conditions(workspaceId: string, f: Omit<ActivityFilter, "cursor" | "limit">): SQL[] {
  const where: SQL[] = [eq(activity.workspaceId, workspaceId)];
  if (f.status) where.push(eq(activity.status, f.status));
  if (f.automationId) where.push(eq(activity.automationId, f.automationId));
  if (f.accountId) where.push(eq(activity.accountId, f.accountId));
  if (f.from) where.push(gte(activity.createdAt, new Date(f.from)));
  if (f.to) where.push(lte(activity.createdAt, new Date(f.to)));
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    where.push(
      or(
        ilike(activity.incomingText, like),
        ilike(activity.responseText, like),
        ilike(activity.personUsername, like),
      ) as SQL,
    );
  }
  return where;
}

export async function listActivity(db: Db, workspaceId: string, filter: ActivityFilter) {
  const where = conditions(workspaceId, filter);
  if (filter.cursor) where.push(lt(activity.id, filter.cursor));
  const rows = await db
    .select()
    .from(activity)
    .where(and(...where))
    .orderBy(desc(activity.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  return { items: page, nextCursor: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null };
}

/** Rows created or changed after `since` (for the live stream), oldest change first. */
export async function activityChangedSince(
  db: Db,
  workspaceId: string,
  since: Date,
  filter: Omit<ActivityFilter, "cursor" | "limit">,
) {
  return db
    .select()
    .from(activity)
    .where(and(...conditions(workspaceId, filter), gt(activity.updatedAt, since)))
    .orderBy(activity.updatedAt)
    .limit(200);
}
