import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { type SandboxTokenKind, sandboxTokens } from "../db/schema/index.ts";
import { graphErrors } from "./graph-error.ts";
import { newToken, sha256 } from "./ids.ts";

export type TokenRow = typeof sandboxTokens.$inferSelect;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Lifetimes as Meta documents them. null: never expires. */
export const TOKEN_TTL_MS: Record<SandboxTokenKind, number | null> = {
  ig_short: HOUR,
  ig_long: 60 * DAY,
  fb_user_short: 2 * HOUR,
  fb_user_long: 60 * DAY,
  page: null,
};

const HOST_OF: Record<SandboxTokenKind, "instagram" | "facebook"> = {
  ig_short: "instagram",
  ig_long: "instagram",
  fb_user_short: "facebook",
  fb_user_long: "facebook",
  page: "facebook",
};

export async function issueToken(
  db: Db,
  kind: SandboxTokenKind,
  refs: {
    accountId?: string | null;
    pageId?: string | null;
    facebookUserId?: string | null;
    scopes?: string;
  },
  now: Date,
  expiresAt?: Date | null,
): Promise<{ token: string; row: TokenRow }> {
  const token = newToken(HOST_OF[kind]);
  const ttl = TOKEN_TTL_MS[kind];
  const [row] = await db
    .insert(sandboxTokens)
    .values({
      tokenHash: sha256(token),
      kind,
      accountId: refs.accountId ?? null,
      pageId: refs.pageId ?? null,
      facebookUserId: refs.facebookUserId ?? null,
      scopes: refs.scopes ?? "",
      issuedAt: now,
      expiresAt: expiresAt !== undefined ? expiresAt : ttl === null ? null : new Date(now.getTime() + ttl),
    })
    .returning();
  return { token, row: row as TokenRow };
}

/** Seconds left, as `expires_in` reports it (0 for tokens that never expire). */
export const expiresIn = (row: TokenRow, now: Date) =>
  row.expiresAt ? Math.max(0, Math.floor((row.expiresAt.getTime() - now.getTime()) / 1000)) : 0;

/**
 * The token a Graph call presents, checked like Meta: unknown (or another host's) → 190,
 * revoked → 190/460, expired → 190/463.
 */
export async function authenticate(
  db: Db,
  raw: string | undefined,
  host: "instagram" | "facebook",
  now: Date,
): Promise<TokenRow> {
  if (!raw) throw graphErrors.missingToken();
  const [row] = await db
    .select()
    .from(sandboxTokens)
    .where(eq(sandboxTokens.tokenHash, sha256(raw)));
  if (!row || HOST_OF[row.kind] !== host) throw graphErrors.invalidToken();
  if (row.revokedAt) throw graphErrors.revokedToken();
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime())
    throw graphErrors.expiredToken(row.expiresAt, now);
  return row;
}

/** Control API: expire every live token of an account (and of its Page) now. */
export async function expireAccountTokens(db: Db, ids: string[], now: Date): Promise<number> {
  let n = 0;
  for (const id of ids) {
    for (const column of [sandboxTokens.accountId, sandboxTokens.pageId]) {
      const rows = await db
        .update(sandboxTokens)
        .set({ expiresAt: now })
        .where(and(eq(column, id), isNull(sandboxTokens.revokedAt)))
        .returning({ h: sandboxTokens.tokenHash });
      n += rows.length;
    }
  }
  return n;
}
