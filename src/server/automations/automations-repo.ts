import { and, desc, eq, sql } from "drizzle-orm";
import { type Automation, AutomationInput } from "../../shared/automation.ts";
import type { Db } from "../db/database.ts";
import { activity, automations, instagramAccounts } from "../db/schema/index.ts";
import { AppError } from "../errors.ts";

type Row = typeof automations.$inferSelect;

export interface AutomationCounters {
  /** Events that ran this automation. */
  runs: number;
  succeeded: number;
  failed: number;
  /** Events that matched its trigger but were stopped by a condition or an option. */
  misses: number;
  /** Runs started by a DM / by a comment. */
  dms: number;
  comments: number;
  lastActivityAt: string | null;
}

const EMPTY: AutomationCounters = {
  runs: 0,
  succeeded: 0,
  failed: 0,
  misses: 0,
  dms: 0,
  comments: 0,
  lastActivityAt: null,
};

function toAutomation(row: Row): Automation {
  const definition = row.definition as Pick<Automation, "trigger" | "conditions" | "actions" | "options">;
  return {
    version: 1,
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    enabled: row.enabled,
    priority: row.priority,
    accountId: row.accountId,
    trigger: definition.trigger,
    conditions: definition.conditions,
    actions: definition.actions,
    options: definition.options,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  } as Automation;
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** Automations of one workspace; every query is scoped by it. */
export class AutomationsRepo {
  constructor(private readonly db: Db) {}

  async list(workspaceId: string): Promise<Automation[]> {
    const rows = await this.db
      .select()
      .from(automations)
      .where(eq(automations.workspaceId, workspaceId))
      .orderBy(desc(automations.priority), automations.createdAt);
    return rows.map(toAutomation);
  }

  async enabled(workspaceId: string): Promise<Automation[]> {
    const rows = await this.db
      .select()
      .from(automations)
      .where(and(eq(automations.workspaceId, workspaceId), eq(automations.enabled, true)));
    return rows.map(toAutomation);
  }

  /** Whether the workspace has any automation (`enabledOnly`: any switched on). */
  async exists(workspaceId: string, opts: { enabledOnly?: boolean } = {}): Promise<boolean> {
    const rows = await this.db
      .select({ id: automations.id })
      .from(automations)
      .where(
        and(
          eq(automations.workspaceId, workspaceId),
          opts.enabledOnly ? eq(automations.enabled, true) : undefined,
        ),
      )
      .limit(1);
    return rows.length > 0;
  }

  /** Changes whenever an automation of the workspace is created, changed or deleted. */
  async generation(workspaceId: string): Promise<string> {
    const [row] = await this.db
      .select({ g: sql<string>`count(*)::text || ':' || coalesce(max(${automations.updatedAt})::text, '')` })
      .from(automations)
      .where(eq(automations.workspaceId, workspaceId));
    return row?.g ?? "0:";
  }

  async get(workspaceId: string, id: string): Promise<Automation> {
    if (!isUuid(id)) throw new AppError("not_found", "automation not found");
    const [row] = await this.db
      .select()
      .from(automations)
      .where(and(eq(automations.workspaceId, workspaceId), eq(automations.id, id)));
    if (!row) throw new AppError("not_found", "automation not found");
    return toAutomation(row);
  }

  private async checkAccount(workspaceId: string, accountId: string | null) {
    if (accountId === null) return;
    const [account] = isUuid(accountId)
      ? await this.db
          .select({ id: instagramAccounts.id })
          .from(instagramAccounts)
          .where(and(eq(instagramAccounts.workspaceId, workspaceId), eq(instagramAccounts.id, accountId)))
      : [];
    if (!account)
      throw new AppError("validation_failed", "accountId: no such connected account in this workspace");
  }

  /** Validates an input (and its account) into the table's columns. */
  private async columns(workspaceId: string, input: AutomationInput) {
    const parsed = AutomationInput.parse(input);
    await this.checkAccount(workspaceId, parsed.accountId);
    const { trigger, conditions, actions, options } = parsed;
    return {
      accountId: parsed.accountId,
      name: parsed.name,
      enabled: parsed.enabled,
      priority: parsed.priority,
      version: parsed.version,
      definition: { trigger, conditions, actions, options },
    };
  }

  async create(workspaceId: string, input: AutomationInput): Promise<Automation> {
    const [row] = await this.db
      .insert(automations)
      .values({ workspaceId, ...(await this.columns(workspaceId, input)) })
      .returning();
    return toAutomation(row as Row);
  }

  async replace(workspaceId: string, id: string, input: AutomationInput): Promise<Automation> {
    await this.get(workspaceId, id);
    const [row] = await this.db
      .update(automations)
      .set({ ...(await this.columns(workspaceId, input)), updatedAt: sql`now()` })
      .where(and(eq(automations.workspaceId, workspaceId), eq(automations.id, id)))
      .returning();
    return toAutomation(row as Row);
  }

  async setEnabled(workspaceId: string, id: string, enabled: boolean): Promise<Automation> {
    await this.get(workspaceId, id);
    const [row] = await this.db
      .update(automations)
      .set({ enabled, updatedAt: sql`now()` })
      .where(and(eq(automations.workspaceId, workspaceId), eq(automations.id, id)))
      .returning();
    return toAutomation(row as Row);
  }

  async duplicate(workspaceId: string, id: string): Promise<Automation> {
    const source = await this.get(workspaceId, id);
    const { id: _id, workspaceId: _w, createdAt: _c, updatedAt: _u, ...input } = source;
    return this.create(workspaceId, {
      ...input,
      name: `${source.name} (copy)`.slice(0, 100),
      enabled: false,
    });
  }

  async delete(workspaceId: string, id: string): Promise<void> {
    if (!isUuid(id)) throw new AppError("not_found", "automation not found");
    const deleted = await this.db
      .delete(automations)
      .where(and(eq(automations.workspaceId, workspaceId), eq(automations.id, id)))
      .returning({ id: automations.id });
    if (deleted.length === 0) throw new AppError("not_found", "automation not found");
  }

  /** Per-automation counters from the activity log, in one query. */
  async counters(workspaceId: string): Promise<Map<string, AutomationCounters>> {
    const rows = await this.db
      .select({
        automationId: activity.automationId,
        runs: sql<number>`count(*) filter (where ${activity.status} <> 'skipped')::int`,
        succeeded: sql<number>`count(*) filter (where ${activity.status} = 'success')::int`,
        failed: sql<number>`count(*) filter (where ${activity.status} = 'failed')::int`,
        misses: sql<number>`count(*) filter (where ${activity.status} = 'skipped')::int`,
        comments: sql<number>`count(*) filter (where ${activity.status} <> 'skipped' and ${activity.trigger} in ('comment', 'live_comment'))::int`,
        lastActivityAt: sql<string | null>`max(${activity.createdAt})::text`,
      })
      .from(activity)
      .where(and(eq(activity.workspaceId, workspaceId), sql`${activity.automationId} is not null`))
      .groupBy(activity.automationId);
    const map = new Map<string, AutomationCounters>();
    for (const r of rows) {
      map.set(r.automationId as string, {
        runs: r.runs,
        succeeded: r.succeeded,
        failed: r.failed,
        misses: r.misses,
        comments: r.comments,
        dms: r.runs - r.comments,
        lastActivityAt: r.lastActivityAt ? new Date(r.lastActivityAt).toISOString() : null,
      });
    }
    return map;
  }

  static emptyCounters(): AutomationCounters {
    return { ...EMPTY };
  }
}
