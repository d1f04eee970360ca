import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { contacts } from "../db/schema/index.ts";
import { type InboundEvent, WINDOW_OPENING_KINDS } from "../instagram/inbound-event.ts";
import { mapRow } from "./thread-writes.ts";

export type ContactRow = typeof contacts.$inferSelect;

/** The 24-hour messaging window (META_PLATFORM.md §3). */
export const WINDOW_MS = 24 * 3600_000;

export function windowOpen(contact: Pick<ContactRow, "lastInboundAt">, now: Date): boolean {
  return contact.lastInboundAt !== null && now.getTime() - contact.lastInboundAt.getTime() < WINDOW_MS;
}

export class ContactsRepo {
  constructor(private readonly db: Db) {}

  /**
   * Creates or updates the person's contact for this account as the event says: a message of
   * theirs reopens the window (from the event's own time, never moving it backwards) and counts.
   * Returns the row and whether it was created now. `thread`: CTEs over the upserted row `c`
   * (the inbox's record of the event, thread-writes.ts), run in the same statement.
   */
  async upsertFromEvent(
    account: { id: string; workspaceId: string },
    event: InboundEvent,
    thread?: SQL,
  ): Promise<{ contact: ContactRow; created: boolean }> {
    const opens = WINDOW_OPENING_KINDS.has(event.kind) && !event.isEcho;
    const at = new Date(event.timestamp);
    const username = event.comment?.username ?? null;
    const upsert = this.db
      .insert(contacts)
      .values({
        workspaceId: account.workspaceId,
        accountId: account.id,
        igsid: event.personId,
        username,
        lastInboundAt: opens ? at : null,
        messageCount: opens ? 1 : 0,
      })
      .onConflictDoUpdate({
        target: [contacts.accountId, contacts.igsid],
        set: {
          username: sql`coalesce(${username}, ${contacts.username})`,
          lastInboundAt: opens
            ? sql`greatest(${contacts.lastInboundAt}, ${at.toISOString()}::timestamptz)`
            : sql`${contacts.lastInboundAt}`,
          messageCount: opens ? sql`${contacts.messageCount} + 1` : sql`${contacts.messageCount}`,
          updatedAt: sql`now()`,
        },
      })
      .returning();
    const row = thread
      ? await this.db
          .execute<Record<string, unknown>>(sql`with c as (${upsert.getSQL()}), ${thread} select * from c`)
          .then((r) => (r.rows[0] ? mapRow(contacts, r.rows[0]) : undefined))
      : (await upsert)[0];
    if (!row) throw new Error("contact upsert returned nothing");
    // Created now: first seen within this statement (no earlier update happened).
    return { contact: row, created: row.firstSeenAt.getTime() === row.updatedAt.getTime() };
  }

  /** Worker side: the id comes from our own run row. */
  async byId(id: string): Promise<ContactRow | undefined> {
    const [row] = await this.db.select().from(contacts).where(eq(contacts.id, id));
    return row;
  }

  async get(accountId: string, igsid: string): Promise<ContactRow | undefined> {
    const [row] = await this.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.accountId, accountId), eq(contacts.igsid, igsid)));
    return row;
  }

  async pauseBot(contactId: string, until: Date, needsHuman: boolean) {
    await this.db
      .update(contacts)
      .set({ botPausedUntil: until, needsHuman, updatedAt: sql`now()` })
      .where(eq(contacts.id, contactId));
  }

  async markUsed(contactId: string, key: string) {
    await this.db
      .update(contacts)
      .set({ usedAutomations: sql`array_append(${contacts.usedAutomations}, ${key})` })
      .where(and(eq(contacts.id, contactId), sql`not (${key} = any(${contacts.usedAutomations}))`));
  }

  async addTag(contactId: string, tag: string) {
    await this.db
      .update(contacts)
      .set({ tags: sql`array_append(${contacts.tags}, ${tag})`, updatedAt: sql`now()` })
      .where(and(eq(contacts.id, contactId), sql`not (${tag} = any(${contacts.tags}))`));
  }

  async removeTag(contactId: string, tag: string) {
    await this.db
      .update(contacts)
      .set({ tags: sql`array_remove(${contacts.tags}, ${tag})`, updatedAt: sql`now()` })
      .where(eq(contacts.id, contactId));
  }

  async setField(contactId: string, key: string, value: string) {
    await this.db
      .update(contacts)
      .set({
        fields: sql`${contacts.fields} || jsonb_build_object(${key}::text, ${value}::text)`,
        updatedAt: sql`now()`,
      })
      .where(eq(contacts.id, contactId));
  }

  async setFollows(contactId: string, follows: boolean) {
    await this.db.update(contacts).set({ followsBusiness: follows }).where(eq(contacts.id, contactId));
  }

  async markLead(contactId: string) {
    await this.db
      .update(contacts)
      .set({ isLead: true, updatedAt: sql`now()` })
      .where(eq(contacts.id, contactId));
  }

  /** Marks the person as talking with an AI automation (null: the conversation ended). */
  async setAiConversation(contactId: string, automationId: string | null, at: Date | null) {
    await this.db
      .update(contacts)
      .set({ aiAutomationId: automationId, aiConversationAt: at })
      .where(eq(contacts.id, contactId));
  }

  async touchOutbound(contactId: string, at: Date) {
    await this.db.update(contacts).set({ lastOutboundAt: at }).where(eq(contacts.id, contactId));
  }
}
