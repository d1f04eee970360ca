import { and, count, desc, eq, gte, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/database.ts";
import { activity, automations, outboundMessages } from "../db/schema/index.ts";

export const StatsQuery = z.object({
  /** The window, in whole UTC days ending today (today included). */
  days: z.coerce.number().int().min(1).max(90).default(14),
  accountId: z.string().uuid().optional(),
});
export type StatsQuery = z.infer<typeof StatsQuery>;

export interface WorkspaceStats {
  days: number;
  from: string;
  /** Messages autodm sent (DMs, private and public replies), by outcome. */
  messages: { sent: number; failed: number; pending: number };
  /** sent / (sent + failed), or null when nothing was attempted. */
  successRate: number | null;
  /** Handled events by outcome; `skipped` are the misses (no automation took the event). */
  events: { success: number; failed: number; pending: number; skipped: number };
  perDay: { date: string; sent: number; failed: number }[];
  topAutomations: { id: string; name: string; success: number; failed: number; total: number }[];
}

const DAY_MS = 86_400_000;

/** The first instant of the window: midnight UTC, `days - 1` days before today. */
export function windowStart(now: Date, days: number): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(midnight - (days - 1) * DAY_MS);
}

/** Every day of the window, each with its counts (zero when nothing happened that day). */
export function fillDays(
  from: Date,
  days: number,
  rows: { day: string; sent: number; failed: number }[],
): WorkspaceStats["perDay"] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return Array.from({ length: days }, (_, i) => {
    const date = new Date(from.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    const row = byDay.get(date);
    return { date, sent: row?.sent ?? 0, failed: row?.failed ?? 0 };
  });
}

/** Home's numbers for one workspace (every query is scoped to it). */
export async function workspaceStats(
  db: Db,
  workspaceId: string,
  query: StatsQuery,
  now = new Date(),
): Promise<WorkspaceStats> {
  const from = windowStart(now, query.days);
  const outboundWhere = and(
    eq(outboundMessages.workspaceId, workspaceId),
    gte(outboundMessages.createdAt, from),
    query.accountId ? eq(outboundMessages.accountId, query.accountId) : undefined,
  );
  const activityWhere = and(
    eq(activity.workspaceId, workspaceId),
    gte(activity.createdAt, from),
    query.accountId ? eq(activity.accountId, query.accountId) : undefined,
  );

  const byStatus = await db
    .select({ status: outboundMessages.status, n: count() })
    .from(outboundMessages)
    .where(outboundWhere)
    .groupBy(outboundMessages.status);
  const messages = { sent: 0, failed: 0, pending: 0 };
  for (const r of byStatus) {
    if (r.status === "sent") messages.sent += r.n;
    else if (r.status === "failed") messages.failed += r.n;
    else if (r.status === "sending") messages.pending += r.n;
  }

  const eventRows = await db
    .select({ status: activity.status, n: count() })
    .from(activity)
    .where(activityWhere)
    .groupBy(activity.status);
  const events = { success: 0, failed: 0, pending: 0, skipped: 0 };
  for (const r of eventRows) events[r.status] += r.n;

  const day = sql<string>`to_char(${outboundMessages.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const dayRows = await db
    .select({
      day,
      sent: sql<number>`count(*) filter (where ${outboundMessages.status} = 'sent')`.mapWith(Number),
      failed: sql<number>`count(*) filter (where ${outboundMessages.status} = 'failed')`.mapWith(Number),
    })
    .from(outboundMessages)
    .where(outboundWhere)
    .groupBy(day);

  const success = sql<number>`count(*) filter (where ${activity.status} = 'success')`.mapWith(Number);
  const failed = sql<number>`count(*) filter (where ${activity.status} = 'failed')`.mapWith(Number);
  const top = await db
    .select({ id: automations.id, name: automations.name, success, failed, total: count() })
    .from(activity)
    .innerJoin(
      automations,
      and(eq(automations.workspaceId, workspaceId), sql`${automations.id}::text = ${activity.automationId}`),
    )
    .where(and(activityWhere, isNotNull(activity.automationId)))
    .groupBy(automations.id, automations.name)
    .orderBy(desc(success), desc(count()))
    .limit(5);

  const attempted = messages.sent + messages.failed;
  return {
    days: query.days,
    from: from.toISOString(),
    messages,
    successRate: attempted === 0 ? null : messages.sent / attempted,
    events,
    perDay: fillDays(from, query.days, dayRows),
    topAutomations: top,
  };
}
