import { and, asc, eq, gt, isNotNull } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../db/database.ts";
import { instagramAccounts, oauthStates } from "../db/schema/index.ts";
import { type TokenVault, TokenVaultError } from "./token-vault.ts";

/**
 * Re-encrypts every stored token that is not under the vault's current key. Rows are read in
 * primary-key order, `batchSize` at a time; each batch is decrypted and re-encrypted in memory,
 * then written in one short transaction that uses only its own client (PGlite serializes
 * transactions). Each update is guarded by the old ciphertext, so a token refreshed meanwhile
 * is never overwritten with a stale one. Safe to run again: a second run finds nothing to do.
 */

export type TokenTable = "instagram_accounts" | "oauth_states";

export interface RotationFailure {
  table: TokenTable;
  id: string;
  /** Safe to print: never the token or a key. */
  reason: string;
}

export interface RotationResult {
  reencrypted: number;
  alreadyCurrent: number;
  failed: RotationFailure[];
}

interface TokenColumn {
  name: TokenTable;
  table: PgTable;
  id: PgColumn;
  token: PgColumn;
  /** The token column's property name in the drizzle table. */
  field: string;
}

const TOKEN_COLUMNS: TokenColumn[] = [
  {
    name: "instagram_accounts",
    table: instagramAccounts,
    id: instagramAccounts.id,
    token: instagramAccounts.accessToken,
    field: "accessToken",
  },
  {
    name: "oauth_states",
    table: oauthStates,
    id: oauthStates.state,
    token: oauthStates.pendingUserToken,
    field: "pendingUserToken",
  },
];

export async function rotateTokenKeys(
  db: Db,
  vault: TokenVault,
  options: { batchSize?: number } = {},
): Promise<RotationResult> {
  const batchSize = Math.max(1, options.batchSize ?? 50);
  const result: RotationResult = { reencrypted: 0, alreadyCurrent: 0, failed: [] };
  for (const column of TOKEN_COLUMNS) await rotateColumn(db, vault, column, batchSize, result);
  return result;
}

async function rotateColumn(
  db: Db,
  vault: TokenVault,
  column: TokenColumn,
  batchSize: number,
  result: RotationResult,
) {
  let after: string | undefined;
  for (;;) {
    const rows = (await db
      .select({ id: column.id, token: column.token })
      .from(column.table)
      .where(and(isNotNull(column.token), after === undefined ? undefined : gt(column.id, after)))
      .orderBy(asc(column.id))
      .limit(batchSize)) as { id: string; token: string }[];
    const last = rows.at(-1);
    if (!last) return;
    after = last.id;

    const changes: { id: string; from: string; to: string }[] = [];
    for (const row of rows) {
      if (vault.isCurrent(row.token)) {
        result.alreadyCurrent++;
        continue;
      }
      try {
        changes.push({ id: row.id, from: row.token, to: vault.encrypt(vault.decrypt(row.token)) });
      } catch (err) {
        result.failed.push({ table: column.name, id: row.id, reason: reasonOf(err) });
      }
    }
    if (changes.length === 0) continue;

    const missed = await db.transaction(async (tx) => {
      const missed: string[] = [];
      for (const change of changes) {
        const updated = await tx
          .update(column.table)
          .set({ [column.field]: change.to })
          .where(and(eq(column.id, change.id), eq(column.token, change.from)))
          .returning({ id: column.id });
        if (updated.length === 1) result.reencrypted++;
        else missed.push(change.id);
      }
      return missed;
    });
    for (const id of missed) await recheck(db, vault, column, id, result);
  }
}

/** A row whose token changed while rotating: fine if it is now current, or gone. */
async function recheck(db: Db, vault: TokenVault, column: TokenColumn, id: string, result: RotationResult) {
  const [row] = (await db.select({ token: column.token }).from(column.table).where(eq(column.id, id))) as {
    token: string | null;
  }[];
  if (!row || row.token === null) return;
  if (vault.isCurrent(row.token)) result.alreadyCurrent++;
  else
    result.failed.push({
      table: column.name,
      id,
      reason: "the token changed while rotating; run rotate-key again",
    });
}

function reasonOf(err: unknown): string {
  if (err instanceof TokenVaultError) return `${err.code}: ${err.message}`;
  return "could not re-encrypt";
}
