import { lt } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { activity, webhookPayloads } from "../db/schema/index.ts";

/** Retention: raw payloads (and their events) and activity older than `days`. */
export async function pruneOldRecords(db: Db, days: number, now = new Date()) {
  const before = new Date(now.getTime() - days * 86_400_000);
  const payloads = await db
    .delete(webhookPayloads)
    .where(lt(webhookPayloads.receivedAt, before))
    .returning({ id: webhookPayloads.id });
  const rows = await db.delete(activity).where(lt(activity.createdAt, before)).returning({ id: activity.id });
  return { payloads: payloads.length, activity: rows.length };
}
