import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { aiUsage } from "../db/schema/index.ts";

export interface UsageDelta {
  provider: string;
  failed: boolean;
  inputTokens: number;
  outputTokens: number;
}

export interface MonthUsage {
  month: string;
  requests: number;
  failures: number;
  inputTokens: number;
  outputTokens: number;
  byProvider: {
    provider: string;
    requests: number;
    failures: number;
    inputTokens: number;
    outputTokens: number;
  }[];
}

/** UTC month, "2026-11": the period plan limits count AI replies in. */
export const monthOf = (at: Date) => at.toISOString().slice(0, 7);

/** AI requests and tokens per workspace, month and provider (one upsert per answer). */
export class AiUsageRepo {
  constructor(private readonly db: Db) {}

  async record(workspaceId: string, at: Date, d: UsageDelta) {
    const failures = d.failed ? 1 : 0;
    await this.db
      .insert(aiUsage)
      .values({
        workspaceId,
        month: monthOf(at),
        provider: d.provider,
        requests: 1,
        failures,
        inputTokens: d.inputTokens,
        outputTokens: d.outputTokens,
      })
      .onConflictDoUpdate({
        target: [aiUsage.workspaceId, aiUsage.month, aiUsage.provider],
        set: {
          requests: sql`${aiUsage.requests} + 1`,
          failures: sql`${aiUsage.failures} + ${failures}`,
          inputTokens: sql`${aiUsage.inputTokens} + ${d.inputTokens}`,
          outputTokens: sql`${aiUsage.outputTokens} + ${d.outputTokens}`,
          updatedAt: sql`now()`,
        },
      });
  }

  async month(workspaceId: string, month: string): Promise<MonthUsage> {
    const rows = await this.db
      .select()
      .from(aiUsage)
      .where(and(eq(aiUsage.workspaceId, workspaceId), eq(aiUsage.month, month)))
      .orderBy(aiUsage.provider);
    const byProvider = rows.map((r) => ({
      provider: r.provider,
      requests: r.requests,
      failures: r.failures,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
    }));
    const sum = (k: "requests" | "failures" | "inputTokens" | "outputTokens") =>
      byProvider.reduce((n, r) => n + r[k], 0);
    return {
      month,
      requests: sum("requests"),
      failures: sum("failures"),
      inputTokens: sum("inputTokens"),
      outputTokens: sum("outputTokens"),
      byProvider,
    };
  }
}
