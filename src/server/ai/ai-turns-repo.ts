import { and, desc, eq, gte, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { aiTurns } from "../db/schema/index.ts";
import type { Turn } from "./build-prompt.ts";

export type AiTurnRow = typeof aiTurns.$inferSelect;

/** How far back a conversation's history reaches (Meta's window) and how long turns are kept. */
export const HISTORY_MS = 24 * 3600_000;
const KEEP_MS = 7 * 24 * 3600_000;
const MAX_TURNS = 40;

/** The turns of AI conversations: the history sent to the model, and answers kept for retries. */
export class AiTurnsRepo {
  constructor(private readonly db: Db) {}

  /** The answer already produced for this run's action (a retry sends it again, as is). */
  async answerFor(runId: string, actionIndex: number): Promise<AiTurnRow | undefined> {
    const [row] = await this.db
      .select()
      .from(aiTurns)
      .where(
        and(eq(aiTurns.runId, runId), eq(aiTurns.actionIndex, actionIndex), eq(aiTurns.role, "assistant")),
      );
    return row;
  }

  /** The person's recent turns, oldest first (the current run's excluded). */
  async history(contactId: string, now: Date, excludeRunId?: string): Promise<Turn[]> {
    const rows = await this.db
      .select({ role: aiTurns.role, text: aiTurns.text, runId: aiTurns.runId })
      .from(aiTurns)
      .where(
        and(eq(aiTurns.contactId, contactId), gte(aiTurns.createdAt, new Date(now.getTime() - HISTORY_MS))),
      )
      .orderBy(desc(aiTurns.id))
      .limit(MAX_TURNS);
    return rows
      .filter((r) => !excludeRunId || r.runId !== excludeRunId)
      .reverse()
      .map((r) => ({ role: r.role === "assistant" ? "assistant" : "user", text: r.text }));
  }

  /**
   * The person's message and the answer, together; a concurrent retry that stored its answer
   * first wins, and its answer is returned. Turns older than a week are pruned now and then on the way.
   */
  async save(
    base: {
      workspaceId: string;
      contactId: string;
      automationId: string;
      runId: string;
      actionIndex: number;
    },
    question: string,
    answer: string,
    meta: Record<string, unknown>,
  ): Promise<AiTurnRow> {
    const rows = await this.db
      .insert(aiTurns)
      .values([
        { ...base, role: "user", text: question },
        { ...base, role: "assistant", text: answer, meta },
      ])
      .onConflictDoNothing()
      .returning();
    // Now and then, the oldest turns past KEEP_MS go, across all contacts: the 500 lowest ids
    // (the primary key's order, so this never scans the table) that are old enough.
    if (rows.some((r) => r.id % 16 === 0)) {
      await this.db.execute(sql`delete from ${aiTurns} where ${aiTurns.id} in
        (select ${aiTurns.id} from ${aiTurns} order by ${aiTurns.id} limit 500)
        and ${aiTurns.createdAt} < now() - ${`${KEEP_MS} milliseconds`}::interval`);
    }
    const mine = rows.find((r) => r.role === "assistant");
    if (mine) return mine;
    const existing = await this.answerFor(base.runId, base.actionIndex);
    if (!existing) throw new Error("AI answer neither stored nor found");
    return existing;
  }
}
