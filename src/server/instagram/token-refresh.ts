import { and, eq, inArray, isNotNull, lt, lte, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { instagramAccounts } from "../db/schema/index.ts";
import type { Logger } from "../observability/logger.ts";
import type { TokenVault } from "../security/token-vault.ts";
import type { AccountRow } from "./accounts-repo.ts";
import { GraphError } from "./graph-error.ts";
import { type MetaTargets, metaFor } from "./meta-endpoints.ts";
import { OAuthClient } from "./oauth-client.ts";

const DAY_MS = 86_400_000;
/** Meta refuses to refresh a token younger than a day. */
export const REFRESH_MIN_AGE_MS = DAY_MS;
/** Refresh well before the 60-day expiry, so one failed day is not fatal. */
export const REFRESH_WINDOW_MS = 10 * DAY_MS;

export interface RefreshReport {
  refreshed: string[];
  expired: string[];
  failed: { accountId: string; reason: string }[];
}

/**
 * The daily refresh of Instagram Login tokens (Page tokens do not expire). Due: connected,
 * at least 24 h old, under 10 days from expiry. A token already expired cannot be refreshed:
 * the account is marked `expired` and the owner asked to reconnect. Error 190 → `expired`;
 * any other failure → `error`, with Meta's reason.
 */
export async function refreshDueTokens(deps: {
  db: Db;
  vault: TokenVault;
  meta: MetaTargets;
  logger: Logger;
  now?: Date;
}): Promise<RefreshReport> {
  const now = deps.now ?? new Date();
  const report: RefreshReport = { refreshed: [], expired: [], failed: [] };
  const refreshable = inArray(
    instagramAccounts.loginType,
    deps.meta.sandbox ? ["instagram", "sandbox"] : ["instagram"],
  );

  const lapsed = await deps.db
    .update(instagramAccounts)
    .set({
      status: "expired",
      statusReason: "The Instagram token expired. Reconnect the account.",
      updatedAt: now,
    })
    .where(
      and(
        refreshable,
        eq(instagramAccounts.status, "connected"),
        isNotNull(instagramAccounts.tokenExpiresAt),
        lte(instagramAccounts.tokenExpiresAt, now),
      ),
    )
    .returning({ id: instagramAccounts.id });
  report.expired.push(...lapsed.map((r) => r.id));

  const due = await deps.db
    .select()
    .from(instagramAccounts)
    .where(
      and(
        refreshable,
        eq(instagramAccounts.status, "connected"),
        lte(instagramAccounts.tokenIssuedAt, new Date(now.getTime() - REFRESH_MIN_AGE_MS)),
        lt(instagramAccounts.tokenExpiresAt, new Date(now.getTime() + REFRESH_WINDOW_MS)),
      ),
    );
  for (const account of due) await refreshOne(deps, account, now, report);
  deps.logger.info(
    { refreshed: report.refreshed.length, expired: report.expired.length, failed: report.failed.length },
    "tokens.refresh-run",
  );
  return report;
}

async function refreshOne(
  deps: { db: Db; vault: TokenVault; meta: MetaTargets; logger: Logger },
  account: AccountRow,
  now: Date,
  report: RefreshReport,
) {
  try {
    const oauth = new OAuthClient(metaFor(deps.meta, account.loginType));
    const fresh = await oauth.refreshInstagramToken(deps.vault.decrypt(account.accessToken));
    // Guarded by the old ciphertext: a reconnect that raced this refresh wins.
    await deps.db
      .update(instagramAccounts)
      .set({
        accessToken: deps.vault.encrypt(fresh.accessToken),
        tokenIssuedAt: now,
        tokenExpiresAt: fresh.expiresInSeconds
          ? new Date(now.getTime() + fresh.expiresInSeconds * 1000)
          : null,
        lastRefreshedAt: now,
        updatedAt: now,
      })
      .where(
        and(eq(instagramAccounts.id, account.id), eq(instagramAccounts.accessToken, account.accessToken)),
      );
    report.refreshed.push(account.id);
  } catch (err) {
    const reconnect = err instanceof GraphError && err.errorClass === "reconnect";
    const reason = err instanceof Error ? err.message : String(err);
    await deps.db
      .update(instagramAccounts)
      .set({
        status: reconnect ? "expired" : "error",
        statusReason: reconnect ? `Instagram refused the token (${reason}). Reconnect the account.` : reason,
        updatedAt: sql`now()`,
      })
      .where(eq(instagramAccounts.id, account.id));
    if (reconnect) report.expired.push(account.id);
    else report.failed.push({ accountId: account.id, reason });
    deps.logger.warn({ accountId: account.id, reconnect, reason }, "tokens.refresh-failed");
  }
}
