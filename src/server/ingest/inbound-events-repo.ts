import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { inboundEvents, webhookPayloads } from "../db/schema/index.ts";
import type { Person } from "./mailbox-enqueue.ts";

export type InboundRow = typeof inboundEvents.$inferSelect;

/**
 * Stored events after ingest: the mailbox reads them in arrival order and marks what became of
 * each. (Ingest writes them in its own single statement, see webhook-ingest.ts.)
 */
export class InboundEventsRepo {
  constructor(private readonly db: Db) {}

  async get(id: number): Promise<InboundRow | undefined> {
    const [row] = await this.db.select().from(inboundEvents).where(eq(inboundEvents.id, id));
    return row;
  }

  /** The person's pending events, oldest first. */
  pending(person: Person, limit: number): Promise<InboundRow[]> {
    return this.db
      .select()
      .from(inboundEvents)
      .where(
        and(
          eq(inboundEvents.igAccountId, person.igAccountId),
          eq(inboundEvents.personId, person.personId),
          eq(inboundEvents.status, "pending"),
        ),
      )
      .orderBy(asc(inboundEvents.id))
      .limit(limit);
  }

  async markProcessed(id: number) {
    await this.db
      .update(inboundEvents)
      .set({ status: "processed", processedAt: sql`now()`, attempts: sql`${inboundEvents.attempts} + 1` })
      .where(eq(inboundEvents.id, id));
  }

  /** A failed try that will be retried: the event stays pending. */
  async markAttempt(id: number, attempts: number, error: string) {
    await this.db.update(inboundEvents).set({ attempts, error }).where(eq(inboundEvents.id, id));
  }

  /** Set aside after its last try. */
  async markFailed(id: number, attempts: number, error: string) {
    await this.db
      .update(inboundEvents)
      .set({ status: "failed", attempts, error, processedAt: sql`now()` })
      .where(eq(inboundEvents.id, id));
  }

  /** People with events pending since before `before` (at most 1000). */
  stalePeople(before: Date): Promise<Person[]> {
    return this.db
      .selectDistinct({ igAccountId: inboundEvents.igAccountId, personId: inboundEvents.personId })
      .from(inboundEvents)
      .where(and(eq(inboundEvents.status, "pending"), lt(inboundEvents.receivedAt, before)))
      .limit(1000);
  }

  /** Retention: raw payloads older than `before` (their events go with them); returns how many. */
  async deletePayloadsOlderThan(before: Date): Promise<number> {
    const rows = await this.db
      .delete(webhookPayloads)
      .where(lt(webhookPayloads.receivedAt, before))
      .returning({ id: webhookPayloads.id });
    return rows.length;
  }
}
