import { eq, inArray } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { sandboxPages, sandboxSubscriptions } from "../db/schema/index.ts";

/** Fields an app may subscribe to (Instagram and Page webhooks for Instagram messaging). */
export const WEBHOOK_FIELDS = [
  "messages",
  "messaging_postbacks",
  "messaging_seen",
  "messaging_referral",
  "messaging_optins",
  "messaging_handover",
  "message_reactions",
  "message_edit",
  "comments",
  "live_comments",
  "mentions",
  "story_insights",
  "standby",
] as const;

export async function getSubscription(db: Db, targetId: string): Promise<string[]> {
  const [row] = await db
    .select()
    .from(sandboxSubscriptions)
    .where(eq(sandboxSubscriptions.targetId, targetId));
  return row?.fields ?? [];
}

export async function setSubscription(db: Db, targetId: string, fields: string[]): Promise<void> {
  const unique = [...new Set(fields)];
  await db
    .insert(sandboxSubscriptions)
    .values({ targetId, fields: unique, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: sandboxSubscriptions.targetId,
      set: { fields: unique, updatedAt: new Date() },
    });
}

export async function deleteSubscription(db: Db, targetId: string): Promise<void> {
  await db.delete(sandboxSubscriptions).where(eq(sandboxSubscriptions.targetId, targetId));
}

export async function listSubscriptions(db: Db) {
  return db.select().from(sandboxSubscriptions);
}

/**
 * What is delivered for an account: fields subscribed on the account itself (Instagram Login)
 * or on its linked Page (Facebook Login).
 */
export async function deliveredFields(db: Db, accountId: string): Promise<Set<string>> {
  const pages = await db
    .select({ id: sandboxPages.id })
    .from(sandboxPages)
    .where(eq(sandboxPages.accountId, accountId));
  const targets = [accountId, ...pages.map((p) => p.id)];
  const rows = await db
    .select()
    .from(sandboxSubscriptions)
    .where(inArray(sandboxSubscriptions.targetId, targets));
  return new Set(rows.flatMap((r) => r.fields));
}

/** Parses `subscribed_fields` ("a,b" or a JSON array); unknown names are refused by the caller. */
export function parseFields(raw: string | undefined): string[] {
  if (!raw) return [];
  const trimmed = raw.trim();
  if (trimmed.startsWith("[")) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      return [trimmed];
    }
  }
  return trimmed
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
}
