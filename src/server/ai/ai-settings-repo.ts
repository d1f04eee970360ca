import { and, eq, sql } from "drizzle-orm";
import { AiSettings, type KeyedProvider } from "../../shared/ai-settings.ts";
import type { Db } from "../db/database.ts";
import { aiProviderKeys, aiSettings, instagramAccounts } from "../db/schema/index.ts";
import { notFound } from "../errors.ts";
import type { TokenVault } from "../security/token-vault.ts";
import { DEMO_SHOP_CONTEXT, DEMO_SHOP_FAQ } from "./demo-faq.ts";

export interface StoredProviderKey {
  provider: KeyedProvider;
  /** Plaintext, decrypted on read; never leaves the server. */
  apiKey: string | undefined;
  baseUrl: string | undefined;
  model: string | undefined;
  updatedAt: Date;
}

/** Saved settings (parsed again: fields added later get their defaults), or the defaults: a
 * sandbox account's start with the demo shop's FAQ. */
function defaultsFor(loginType: string, saved: AiSettings | null): AiSettings {
  if (saved) return AiSettings.parse(saved);
  return AiSettings.parse(
    loginType === "sandbox" ? { businessContext: DEMO_SHOP_CONTEXT, faq: DEMO_SHOP_FAQ } : {},
  );
}

/** AI settings per account and provider keys per workspace; every query scoped to the workspace. */
export class AiSettingsRepo {
  private readonly parsed = new Map<string, { stamp: string; settings: AiSettings }>();

  constructor(
    private readonly db: Db,
    private readonly vault: TokenVault,
  ) {}

  private async assertAccount(workspaceId: string, accountId: string) {
    const [row] = await this.db
      .select({ id: instagramAccounts.id, loginType: instagramAccounts.loginType })
      .from(instagramAccounts)
      .where(and(eq(instagramAccounts.id, accountId), eq(instagramAccounts.workspaceId, workspaceId)));
    if (!row) throw notFound("account");
    return row;
  }

  /**
   * The account's saved settings, or its defaults (a sandbox account's include a demo FAQ).
   * The parsed object is reused until the row changes, so the offline responder's index, built
   * once per FAQ array, is too.
   */
  async forAccount(accountId: string): Promise<AiSettings | undefined> {
    const [row] = await this.db
      .select({
        settings: aiSettings.settings,
        updatedAt: aiSettings.updatedAt,
        loginType: instagramAccounts.loginType,
      })
      .from(instagramAccounts)
      .leftJoin(aiSettings, eq(aiSettings.accountId, instagramAccounts.id))
      .where(eq(instagramAccounts.id, accountId));
    if (!row) return undefined;
    const stamp = row.updatedAt ? String(row.updatedAt.getTime()) : `defaults:${row.loginType}`;
    const hit = this.parsed.get(accountId);
    if (hit && hit.stamp === stamp) return hit.settings;
    const settings = defaultsFor(row.loginType, row.settings);
    if (this.parsed.size > 10_000) this.parsed.clear();
    this.parsed.set(accountId, { stamp, settings });
    return settings;
  }

  async get(
    workspaceId: string,
    accountId: string,
  ): Promise<{ settings: AiSettings; saved: boolean; updatedAt: Date | null }> {
    const account = await this.assertAccount(workspaceId, accountId);
    const [row] = await this.db
      .select()
      .from(aiSettings)
      .where(and(eq(aiSettings.accountId, accountId), eq(aiSettings.workspaceId, workspaceId)));
    return {
      settings: defaultsFor(account.loginType, row?.settings ?? null),
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
