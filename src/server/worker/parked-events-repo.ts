import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { inboundEvents, instagramAccounts, parkedEvents } from "../db/schema/index.ts";
import type { InboundRow } from "../ingest/inbound-events-repo.ts";
import type { Person } from "../ingest/mailbox-enqueue.ts";
import type { AccountRow } from "../instagram/accounts-repo.ts";

export type ParkedRow = typeof parkedEvents.$inferSelect;
export type ParkedInsert = Omit<typeof parkedEvents.$inferInsert, "attempts" | "parkedAt">;
export interface ReadyParked {
  parked: ParkedRow;
  row: InboundRow;
  account: AccountRow;
}

/**
 * Events set aside while their account was not connected (see the table's comment). The person's
 * mailbox replays those whose account is connected again before anything newer, oldest first.
 */
export class ParkedEventsRepo {
  constructor(private readonly db: Db) {}

  /** Idempotent: a retried event is parked once. */
  async park(row: ParkedInsert) {
    await this.db.insert(parkedEvents).values(row).onConflictDoNothing();
  }

  /** The person's parked events whose account is connected again, oldest first. */
  async ready(person: Person, limit: number): Promise<ReadyParked[]> {
    const rows = await this.db
      .select({ parked: parkedEvents, row: inboundEvents, account: instagramAccounts })
      .from(parkedEvents)
      .innerJoin(inboundEvents, eq(inboundEvents.id, parkedEvents.eventId))
      .innerJoin(instagramAccounts, eq(instagramAccounts.id, parkedEvents.accountId))
      .where(
        and(
          eq(parkedEvents.igAccountId, person.igAccountId),
          eq(parkedEvents.personId, person.personId),
          eq(instagramAccounts.status, "connected"),
        ),
      )
      .orderBy(asc(parkedEvents.eventId), asc(parkedEvents.accountId))
      .limit(limit);
    return rows;
  }

  async remove(p: Pick<ParkedRow, "eventId" | "accountId">) {
    await this.db
      .delete(parkedEvents)
      .where(and(eq(parkedEvents.eventId, p.eventId), eq(parkedEvents.accountId, p.accountId)));
  }

  async markAttempt(p: Pick<ParkedRow, "eventId" | "accountId">, attempts: number) {
    await this.db
      .update(parkedEvents)
      .set({ attempts })
      .where(and(eq(parkedEvents.eventId, p.eventId), eq(parkedEvents.accountId, p.accountId)));
  }

  /** The mailboxes holding events parked on this account (to replay after its reconnect). */
  peopleOf(accountId: string): Promise<Person[]> {
    return this.db
      .selectDistinct({ igAccountId: parkedEvents.igAccountId, personId: parkedEvents.personId })
      .from(parkedEvents)
      .where(eq(parkedEvents.accountId, accountId));
  }

  /** Mailboxes with parked events ready to replay (a reconnect whose enqueue was lost), at most 1000. */
  readyPeople(): Promise<Person[]> {
    return this.db
      .selectDistinct({ igAccountId: parkedEvents.igAccountId, personId: parkedEvents.personId })
      .from(parkedEvents)
      .innerJoin(instagramAccounts, eq(instagramAccounts.id, parkedEvents.accountId))
      .where(
        and(
          eq(instagramAccounts.status, "connected"),
          sql`${parkedEvents.parkedAt} < now() - interval '30 seconds'`,
        ),
      )
      .limit(1000);
  }
}
