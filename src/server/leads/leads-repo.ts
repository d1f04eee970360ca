import { and, asc, desc, eq, gte, ilike, inArray, lte, or, type SQL, sql } from "drizzle-orm";
import type { LeadFilter, LeadSource, LeadView } from "../../shared/api/leads.ts";
import type { Db } from "../db/database.ts";
import { leads } from "../db/schema/index.ts";
import { AppError, notFound } from "../errors.ts";

export type LeadRow = typeof leads.$inferSelect;

/** A lead's data after validation and normalization (email lower-cased, phone E.164). */
export interface LeadData {
  contactId?: string | null;
  name?: string | null;
  username?: string | null;
  instagramId?: string | null;
  email?: string | null;
  phone?: string | null;
  source: LeadSource;
  sourceDetail?: string | null;
  automationId?: string | null;
  mediaId?: string | null;
  notes?: string | null;
  tags?: string[];
  fields?: Record<string, string>;
}

export type LeadChanges = Partial<Omit<LeadData, "source" | "instagramId" | "contactId">>;

export function toLeadView(row: LeadRow): LeadView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: row.id,
    contactId: row.contactId,
    name: row.name,
    username: row.username,
    instagramId: row.instagramId,
    email: row.email,
    phone: row.phone,
    source: row.source,
    sourceDetail: row.sourceDetail,
    automationId: row.automationId,
    mediaId: row.mediaId,
    notes: row.notes,
    tags: row.tags,
    fields: row.fields,
    dmStatus: row.dmStatus,
    dmProvider: row.dmProvider,
    dmSentAt: iso(row.dmSentAt),
    dmError: row.dmError,
    dmMessageId: row.dmMessageId,
    dmAttempts: row.dmAttempts,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const isUniqueViolation = (err: unknown) =>
  (err as { code?: string; cause?: { code?: string } }).code === "23505" ||
  (err as { cause?: { code?: string } }).cause?.code === "23505";

/** The sort keys of the list, each with the expression its keyset cursor compares. */
const SORT_COLUMNS = {
  createdAt: sql`${leads.createdAt}`,
  updatedAt: sql`${leads.updatedAt}`,
  name: sql`lower(coalesce(${leads.name}, ''))`,
} as const;

function encodeCursor(value: string, id: string) {
  return Buffer.from(JSON.stringify([value, id])).toString("base64url");
}
function decodeCursor(cursor: string): [string, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString()) as unknown;
    if (Array.isArray(parsed) && typeof parsed[0] === "string" && isUuid(String(parsed[1]))) {
      return [parsed[0], parsed[1] as string];
    }
  } catch {}
  throw new AppError("validation_failed", "cursor: not a cursor this API gave out");
}

/** Leads of one workspace; every query is scoped by it. */
export class LeadsRepo {
  constructor(private readonly db: Db) {}

  async get(workspaceId: string, id: string): Promise<LeadRow> {
    if (!isUuid(id)) throw notFound("lead");
    const [row] = await this.db
      .select()
      .from(leads)
      .where(and(eq(leads.workspaceId, workspaceId), eq(leads.id, id)));
    if (!row) throw notFound("lead");
    return row;
  }

  async findByInstagramId(workspaceId: string, instagramId: string): Promise<LeadRow | undefined> {
    const [row] = await this.db
      .select()
      .from(leads)
      .where(and(eq(leads.workspaceId, workspaceId), eq(leads.instagramId, instagramId)));
    return row;
  }

  filterConditions(workspaceId: string, f: Omit<LeadFilter, "cursor" | "limit" | "sort">): SQL[] {
    const where: SQL[] = [eq(leads.workspaceId, workspaceId)];
    if (f.source) where.push(eq(leads.source, f.source));
    if (f.dmStatus) where.push(eq(leads.dmStatus, f.dmStatus));
    if (f.tag) where.push(sql`${f.tag} = any(${leads.tags})`);
    if (f.from) where.push(gte(leads.createdAt, new Date(f.from)));
    if (f.to) where.push(lte(leads.createdAt, new Date(f.to)));
    if (f.q) {
      const like = `%${escapeLike(f.q)}%`;
      where.push(
        or(
          ilike(leads.name, like),
          ilike(leads.username, like),
          ilike(leads.email, like),
          ilike(leads.phone, like),
        ) as SQL,
      );
    }
    return where;
  }

  /** One page in the chosen order; the cursor is the last row's (sort value, id). */
  async list(
    workspaceId: string,
    filter: LeadFilter,
  ): Promise<{ items: LeadRow[]; nextCursor: string | null }> {
    const descending = filter.sort.startsWith("-");
    const key = filter.sort.replace(/^-/, "") as keyof typeof SORT_COLUMNS;
    const column = SORT_COLUMNS[key];
    const where = this.filterConditions(workspaceId, filter);
    if (filter.cursor) {
      const [value, id] = decodeCursor(filter.cursor);
      const v = key === "name" ? sql`${value}` : sql`${value}::timestamptz`;
      where.push(
        descending
          ? sql`(${column}, ${leads.id}) < (${v}, ${id})`
          : sql`(${column}, ${leads.id}) > (${v}, ${id})`,
      );
    }
    const order = descending ? [desc(column), desc(leads.id)] : [asc(column), asc(leads.id)];
    const rows = await this.db
      .select()
      .from(leads)
      .where(and(...where))
      .orderBy(...order)
      .limit(filter.limit + 1);
    const items = rows.slice(0, filter.limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > filter.limit && last
        ? encodeCursor(
            key === "name" ? (last.name ?? "").toLowerCase() : (last[key] as Date).toISOString(),
            last.id,
          )
        : null;
    return { items, nextCursor };
  }

  /**
   * Creates the lead, or merges into the workspace's lead with the same Instagram id or email:
   * missing details are filled in, tags and fields are added, the first source is kept.
   */
  async save(workspaceId: string, data: LeadData): Promise<{ lead: LeadRow; created: boolean }> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction(async (tx) => {
          const keys: SQL[] = [];
          if (data.instagramId) keys.push(eq(leads.instagramId, data.instagramId));
          if (data.email) keys.push(eq(leads.email, data.email));
          const matches = keys.length
            ? await tx
                .select()
                .from(leads)
                .where(and(eq(leads.workspaceId, workspaceId), or(...keys)))
                .for("update")
            : [];
          const existing =
            matches.find((m) => data.instagramId && m.instagramId === data.instagramId) ?? matches[0];
          if (!existing) {
            const [row] = await tx
              .insert(leads)
              .values({ ...data, workspaceId, tags: dedupeTags(data.tags ?? []), fields: data.fields ?? {} })
              .returning();
            return { lead: row as LeadRow, created: true };
          }
          // Both keys found, on two different leads: merge into the Instagram one, leave the email where it is.
          const emailTaken = matches.some((m) => m.id !== existing.id && m.email === data.email);
          const [row] = await tx
            .update(leads)
            .set({
              contactId: sql`coalesce(${leads.contactId}, ${data.contactId ?? null}::uuid)`,
              name: sql`coalesce(${data.name ?? null}, ${leads.name})`,
              username: sql`coalesce(${data.username ?? null}, ${leads.username})`,
              instagramId: sql`coalesce(${leads.instagramId}, ${data.instagramId ?? null})`,
              email: emailTaken ? sql`${leads.email}` : sql`coalesce(${leads.email}, ${data.email ?? null})`,
              phone: sql`coalesce(${data.phone ?? null}, ${leads.phone})`,
              automationId: sql`coalesce(${data.automationId ?? null}, ${leads.automationId})`,
              mediaId: sql`coalesce(${data.mediaId ?? null}, ${leads.mediaId})`,
              notes: sql`coalesce(${leads.notes}, ${data.notes ?? null})`,
              tags: sql`array(select t from unnest(${leads.tags} || ${sql.param(dedupeTags(data.tags ?? []))}::text[])
                with ordinality u(t, n) group by t order by min(n))`,
              fields: sql`${leads.fields} || ${JSON.stringify(data.fields ?? {})}::jsonb`,
              updatedAt: sql`now()`,
            })
            .where(eq(leads.id, existing.id))
            .returning();
          return { lead: row as LeadRow, created: false };
        });
      } catch (err) {
        // Two first saves of one person at once: the loser finds the winner's row next time.
        if (attempt < 2 && isUniqueViolation(err)) continue;
        throw err;
      }
    }
  }

  async update(workspaceId: string, id: string, changes: LeadChanges): Promise<LeadRow> {
    await this.get(workspaceId, id);
    const set: Partial<typeof leads.$inferInsert> = {};
    for (const [k, v] of Object.entries(changes))
      if (v !== undefined) (set as Record<string, unknown>)[k] = v;
    if (set.tags) set.tags = dedupeTags(set.tags);
    try {
      const [row] = await this.db
        .update(leads)
        .set({ ...set, updatedAt: sql`now()` })
        .where(and(eq(leads.workspaceId, workspaceId), eq(leads.id, id)))
        .returning();
      if (!row) throw notFound("lead");
      return row;
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError("conflict", "another lead of this workspace has this email");
      throw err;
    }
  }

  /** The DM fields of a lead (the DM API); `onlyIf` makes it a compare-and-set on the status. */
  async setDm(
    workspaceId: string,
    id: string,
    set: Partial<
      Pick<
        LeadRow,
        "dmStatus" | "dmProvider" | "dmSentAt" | "dmError" | "dmMessageId" | "dmRequestKey" | "dmText"
      >
    > & {
      dmAttempts?: number | SQL;
    },
    onlyIf?: LeadRow["dmStatus"],
  ): Promise<LeadRow | undefined> {
    const [row] = await this.db
      .update(leads)
      .set({ ...set, updatedAt: sql`now()` })
      .where(
        and(
          eq(leads.workspaceId, workspaceId),
          eq(leads.id, id),
          ...(onlyIf ? [eq(leads.dmStatus, onlyIf)] : []),
        ),
      )
      .returning();
    return row;
  }

  async delete(workspaceId: string, id: string): Promise<void> {
    if (!isUuid(id)) throw notFound("lead");
    const deleted = await this.db
      .delete(leads)
      .where(and(eq(leads.workspaceId, workspaceId), eq(leads.id, id)))
      .returning({ id: leads.id });
    if (deleted.length === 0) throw notFound("lead");
  }

  /** Tags, untags or deletes the given leads of the workspace; others' ids are ignored. */
  async bulk(
    workspaceId: string,
    action: { action: "tag" | "untag"; ids: string[]; tag: string } | { action: "delete"; ids: string[] },
  ): Promise<LeadRow[]> {
    const scope = and(eq(leads.workspaceId, workspaceId), inArray(leads.id, action.ids));
    if (action.action === "delete") return this.db.delete(leads).where(scope).returning();
    const tags =
      action.action === "tag"
        ? sql`array_append(${leads.tags}, ${action.tag}::text)`
        : sql`array_remove(${leads.tags}, ${action.tag}::text)`;
    const changed =
      action.action === "tag"
        ? sql`not (${action.tag} = any(${leads.tags}))`
        : sql`${action.tag} = any(${leads.tags})`;
    return this.db.update(leads).set({ tags, updatedAt: sql`now()` }).where(and(scope, changed)).returning();
  }
}

function dedupeTags(tags: string[]) {
  return [...new Set(tags)];
}
