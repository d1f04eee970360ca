import { and, eq, ne, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { instagramAccounts } from "../db/schema/index.ts";

export type AccountRow = typeof instagramAccounts.$inferSelect;
export type NewAccount = typeof instagramAccounts.$inferInsert;

/** Every query takes the workspace: an account of another workspace does not exist here. */
export class AccountsRepo {
  constructor(private readonly db: Db) {}

  list(workspaceId: string) {
    return this.db
      .select()
      .from(instagramAccounts)
      .where(eq(instagramAccounts.workspaceId, workspaceId))
      .orderBy(instagramAccounts.createdAt);
  }

  async get(workspaceId: string, id: string): Promise<AccountRow | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined; // not a uuid: cannot exist (and keeps SQL errors out)
    const [row] = await this.db
      .select()
      .from(instagramAccounts)
      .where(and(eq(instagramAccounts.workspaceId, workspaceId), eq(instagramAccounts.id, id)));
    return row;
  }

  /** Connect, or reconnect the same Instagram account: fresh token, status back to connected. */
  async upsert(account: NewAccount): Promise<AccountRow> {
    const [row] = await this.db
      .insert(instagramAccounts)
      .values(account)
      .onConflictDoUpdate({
        target: [instagramAccounts.workspaceId, instagramAccounts.igUserId],
        set: {
          loginType: account.loginType,
          username: account.username,
          name: account.name,
          profilePictureUrl: account.profilePictureUrl,
          pageId: account.pageId,
          accessToken: account.accessToken,
          tokenIssuedAt: account.tokenIssuedAt,
          tokenExpiresAt: account.tokenExpiresAt,
          scopes: account.scopes,
          webhookFields: account.webhookFields,
          status: "connected",
          statusReason: null,
          updatedAt: sql`now()`,
        },
      })
      .returning();
    return row as AccountRow;
  }

  /** Whether the workspace connected any account (`liveOnly`: a real, connected one, not the sandbox). */
  async exists(workspaceId: string, opts: { liveOnly?: boolean } = {}): Promise<boolean> {
    const rows = await this.db
      .select({ id: instagramAccounts.id })
      .from(instagramAccounts)
      .where(
        and(
          eq(instagramAccounts.workspaceId, workspaceId),
          opts.liveOnly ? ne(instagramAccounts.loginType, "sandbox") : undefined,
          opts.liveOnly ? eq(instagramAccounts.status, "connected") : undefined,
        ),
      )
      .limit(1);
    return rows.length > 0;
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    const deleted = await this.db
      .delete(instagramAccounts)
      .where(and(eq(instagramAccounts.workspaceId, workspaceId), eq(instagramAccounts.id, id)))
      .returning({ id: instagramAccounts.id });
    return deleted.length > 0;
  }

  // ── Worker side: a webhook names an Instagram account, not a workspace; the ids below come
  // from our own stored events and runs, which carry their workspace.

  /** Every workspace's row for this Instagram account (several workspaces may connect it). */
  forWebhook(igUserId: string): Promise<AccountRow[]> {
    return this.db.select().from(instagramAccounts).where(eq(instagramAccounts.igUserId, igUserId));
  }

  async byId(id: string): Promise<AccountRow | undefined> {
    const [row] = await this.db.select().from(instagramAccounts).where(eq(instagramAccounts.id, id));
    return row;
  }

  /** Meta refused the token (190): the account must be reconnected; its runs park until then. */
  async markExpired(id: string, reason: string) {
    await this.db
      .update(instagramAccounts)
      .set({ status: "expired", statusReason: reason })
      .where(eq(instagramAccounts.id, id));
  }

  /** Deauthorized: the token is replaced (by the ciphertext of nothing) and the account stops. */
  async markDisconnected(id: string, reason: string, emptyToken: string) {
    await this.db
      .update(instagramAccounts)
      .set({ status: "disconnected", statusReason: reason, accessToken: emptyToken, updatedAt: new Date() })
      .where(eq(instagramAccounts.id, id));
  }
}
