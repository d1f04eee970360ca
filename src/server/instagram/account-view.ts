import type { InstagramAccountView } from "../../shared/api/accounts.ts";
import { maskToken, type TokenVault } from "../security/token-vault.ts";
import type { AccountRow } from "./accounts-repo.ts";
import { REFRESH_WINDOW_MS } from "./token-refresh.ts";

export function accountView(row: AccountRow, vault: TokenVault, now = new Date()): InstagramAccountView {
  let tokenMasked = "••••";
  try {
    tokenMasked = maskToken(vault.decrypt(row.accessToken));
  } catch {
    // an unreadable token shows as dots; the status says what to do
  }
  const expiring =
    row.status === "connected" &&
    row.tokenExpiresAt !== null &&
    row.tokenExpiresAt.getTime() - now.getTime() < REFRESH_WINDOW_MS;
  return {
    id: row.id,
    loginType: row.loginType,
    igUserId: row.igUserId,
    username: row.username,
    name: row.name,
    profilePictureUrl: row.profilePictureUrl,
    pageId: row.pageId,
    status: expiring ? "expiring" : row.status,
    statusReason: row.statusReason,
    tokenMasked,
    tokenExpiresAt: row.tokenExpiresAt?.toISOString() ?? null,
    lastRefreshedAt: row.lastRefreshedAt?.toISOString() ?? null,
    scopes: row.scopes,
    webhookFields: row.webhookFields,
    connectedAt: row.createdAt.toISOString(),
  };
}
