import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { automationRuns } from "../db/schema/index.ts";

export type RunRow = typeof automationRuns.$inferSelect;
export type NewRun = typeof automationRuns.$inferInsert;

/**
 * automation_runs: one run per (event, account), its position in its actions and why it waits.
 * Worker-side: ids come from our own stored events and runs, which carry their workspace.
 */
export class RunsRepo {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<RunRow | undefined> {
    const [row] = await this.db.select().from(automationRuns).where(eq(automationRuns.id, id));
    return row;
  }

  async forEvent(eventId: number, accountId: string): Promise<RunRow | undefined> {
    const [row] = await this.db
      .select()
      .from(automationRuns)
      .where(and(eq(automationRuns.eventId, eventId), eq(automationRuns.accountId, accountId)));
    return row;
  }

  /** The new run, or undefined when another worker created it first (it then owns the run). */
  async create(run: NewRun): Promise<RunRow | undefined> {
    const [row] = await this.db.insert(automationRuns).values(run).onConflictDoNothing().returning();
    return row;
  }

  async update(id: string, set: Partial<NewRun>) {
    await this.db
      .update(automationRuns)
      .set({ ...set, updatedAt: sql`now()` })
      .where(eq(automationRuns.id, id));
  }

  /** The event's runs still `running` fail; returns their accounts. */
  async failRunning(eventId: number): Promise<string[]> {
    const runs = await this.db
      .update(automationRuns)
      .set({ status: "failed", updatedAt: sql`now()` })
      .where(and(eq(automationRuns.eventId, eventId), eq(automationRuns.status, "running")))
      .returning({ accountId: automationRuns.accountId });
    return runs.map((r) => r.accountId);
  }

  /** Every run parked on the account goes back to waiting; returns their ids. */
  async unpark(accountId: string): Promise<string[]> {
    const runs = await this.db
      .update(automationRuns)
      .set({ status: "waiting", parkedReason: null, updatedAt: sql`now()` })
      .where(and(eq(automationRuns.accountId, accountId), eq(automationRuns.status, "parked")))
      .returning({ id: automationRuns.id });
    return runs.map((r) => r.id);
  }
}
