import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { sandboxOauthCodes } from "../db/schema/index.ts";
import { newCode, sha256 } from "./ids.ts";

export type CodeRow = typeof sandboxOauthCodes.$inferSelect;
const CODE_TTL_MS = 3_600_000; // Meta: a code lives 1 hour.

export async function issueCode(
  db: Db,
  input: {
    flow: "instagram" | "facebook";
    clientId: string;
    redirectUri: string;
    accountId?: string;
    facebookUserId?: string;
    scopes: string;
  },
  now: Date,
): Promise<string> {
  const code = newCode();
  await db.insert(sandboxOauthCodes).values({
    codeHash: sha256(code),
    flow: input.flow,
    clientId: input.clientId,
    redirectUri: input.redirectUri,
    accountId: input.accountId ?? null,
    facebookUserId: input.facebookUserId ?? null,
    scopes: input.scopes,
    expiresAt: new Date(now.getTime() + CODE_TTL_MS),
  });
  return code;
}

export type CodeProblem = "unknown" | "used" | "expired" | "redirect_mismatch";

/**
 * Redeems a code once. The use is marked atomically, so a code replayed concurrently wins
 * once; a redirect_uri mismatch does not burn the code.
 */
export async function redeemCode(
  db: Db,
  input: { code: string; flow: "instagram" | "facebook"; redirectUri: string },
  now: Date,
): Promise<{ ok: true; row: CodeRow } | { ok: false; problem: CodeProblem }> {
  // Meta appends "#_" to the redirect; a client that forgot to strip it sends it back.
  const code = input.code.replace(/#_$/, "");
  const hash = sha256(code);
  const [row] = await db.select().from(sandboxOauthCodes).where(eq(sandboxOauthCodes.codeHash, hash));
  if (!row || row.flow !== input.flow) return { ok: false, problem: "unknown" };
  if (row.usedAt) return { ok: false, problem: "used" };
  if (row.expiresAt.getTime() <= now.getTime()) return { ok: false, problem: "expired" };
  if (row.redirectUri !== input.redirectUri) return { ok: false, problem: "redirect_mismatch" };
  const used = await db
    .update(sandboxOauthCodes)
    .set({ usedAt: now })
    .where(and(eq(sandboxOauthCodes.codeHash, hash), isNull(sandboxOauthCodes.usedAt)))
    .returning();
  if (used.length === 0) return { ok: false, problem: "used" };
  return { ok: true, row };
}
