import { and, eq, sql } from "drizzle-orm";
import { AiSettings, type KeyedProvider } from "../../shared/ai-settings.ts";
import type { Db } from "../db/database.ts";
import { aiProviderKeys, aiSettings, instagramAccounts } from "../db/schema/index.ts";
import { notFound } from "../errors.ts";
import type { TokenVault } from "../security/token-vault.ts";

export interface StoredProviderKey {
  provider: KeyedProvider;
  /** Plaintext, decrypted on read; never leaves the server. */
  apiKey: string | undefined;
  baseUrl: string | undefined;
  model: string | undefined;
  updatedAt: Date;
}

/** AI settings per account and provider keys per workspace; every query scoped to the workspace. */
export class AiSettingsRepo {
  constructor(
    private readonly db: Db,
    private readonly vault: TokenVault,
  ) {}

  private async assertAccount(workspaceId: string, accountId: string) {
    const [row] = await this.db
      .select({ id: instagramAccounts.id })
      .from(instagramAccounts)
      .where(and(eq(instagramAccounts.id, accountId), eq(instagramAccounts.workspaceId, workspaceId)));
    if (!row) throw notFound("account");
  }

  /** The account's saved settings, or undefined (defaults apply). */
  async forAccount(accountId: string): Promise<AiSettings | undefined> {
    const [row] = await this.db.select().from(aiSettings).where(eq(aiSettings.accountId, accountId));
    // Parsed again: defaults added to the model later fill in for older rows.
    return row ? AiSettings.parse(row.settings) : undefined;
  }

  async get(
    workspaceId: string,
    accountId: string,
  ): Promise<{ settings: AiSettings; saved: boolean; updatedAt: Date | null }> {
    await this.assertAccount(workspaceId, accountId);
    const [row] = await this.db
      .select()
      .from(aiSettings)
      .where(and(eq(aiSettings.accountId, accountId), eq(aiSettings.workspaceId, workspaceId)));
    return {
      settings: AiSettings.parse(row?.settings ?? {}),
      saved: row !== undefined,
      updatedAt: row?.updatedAt ?? null,
    };
  }

  async put(workspaceId: string, accountId: string, settings: AiSettings) {
    await this.assertAccount(workspaceId, accountId);
    await this.db
      .insert(aiSettings)
      .values({ accountId, workspaceId, settings })
      .onConflictDoUpdate({ target: aiSettings.accountId, set: { settings, updatedAt: sql`now()` } });
    return this.get(workspaceId, accountId);
  }

  async keys(workspaceId: string): Promise<StoredProviderKey[]> {
    const rows = await this.db
      .select()
      .from(aiProviderKeys)
      .where(eq(aiProviderKeys.workspaceId, workspaceId));
    return rows.map((r) => ({
      provider: r.provider as KeyedProvider,
      apiKey: r.apiKey ? this.vault.decrypt(r.apiKey) : undefined,
      baseUrl: r.baseUrl ?? undefined,
      model: r.model ?? undefined,
      updatedAt: r.updatedAt,
    }));
  }

  async putKey(
    workspaceId: string,
    provider: KeyedProvider,
    input: { apiKey?: string | undefined; baseUrl?: string | undefined; model?: string | undefined },
  ) {
    const values = {
      apiKey: input.apiKey ? this.vault.encrypt(input.apiKey) : null,
      baseUrl: input.baseUrl?.replace(/\/+$/, "") ?? null,
      model: input.model ?? null,
    };
    await this.db
      .insert(aiProviderKeys)
      .values({ workspaceId, provider, ...values })
      .onConflictDoUpdate({
        target: [aiProviderKeys.workspaceId, aiProviderKeys.provider],
        set: { ...values, updatedAt: sql`now()` },
      });
  }

  async deleteKey(workspaceId: string, provider: KeyedProvider): Promise<boolean> {
    const rows = await this.db
      .delete(aiProviderKeys)
      .where(and(eq(aiProviderKeys.workspaceId, workspaceId), eq(aiProviderKeys.provider, provider)))
      .returning({ provider: aiProviderKeys.provider });
    return rows.length > 0;
  }
}
