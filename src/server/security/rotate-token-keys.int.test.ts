import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { createDatabase, type Database, type Db } from "../db/database.ts";
import { runMigrations } from "../db/migrate.ts";
import { instagramAccounts, oauthStates } from "../db/schema/index.ts";
import { createLogger } from "../observability/logger.ts";
import { createKeyRing } from "./encryption-keys.ts";
import { rotateTokenKeys } from "./rotate-token-keys.ts";
import { createTokenVault } from "./token-vault.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const vaultA = createTokenVault(createKeyRing([keyA], { source: "env" }));
const vaultBA = createTokenVault(createKeyRing([keyB, keyA], { source: "env" }));

const TOKENS = {
  ig: `IGQWR${randomBytes(60).toString("base64url")}`,
  page: `EAAG${randomBytes(90).toString("base64url")}`,
  pending: `EAAU${randomBytes(90).toString("base64url")}`,
};

describe.each(availableBackends())("token key rotation on %s", (backendName) => {
  let backend: TestBackend;
  let database: Database;

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    database = createDatabase(backend.databaseUrl, { max: 4, applicationName: "autodm-test" });
    await runMigrations(database.pool, { logger, queueSchema: null });

    const now = new Date();
    await database.db.insert(instagramAccounts).values([
      {
        workspaceId: "w1",
        loginType: "instagram",
        igUserId: "1784001",
        username: "shop_one",
        accessToken: vaultA.encrypt(TOKENS.ig),
        tokenIssuedAt: now,
      },
      {
        workspaceId: "w1",
        loginType: "facebook",
        igUserId: "1784002",
        username: "shop_two",
        pageId: "1090",
        accessToken: vaultA.encrypt(TOKENS.page),
        tokenIssuedAt: now,
      },
    ]);
    await database.db.insert(oauthStates).values([
      {
        state: "state-with-token",
        workspaceId: "w1",
        loginType: "facebook",
        browserBinding: "b1",
        redirectUri: "http://localhost/cb",
        expiresAt: new Date(now.getTime() + 600_000),
        pendingUserToken: vaultA.encrypt(TOKENS.pending),
      },
      {
        state: "state-without-token",
        workspaceId: "w1",
        loginType: "instagram",
        browserBinding: "b2",
        redirectUri: "http://localhost/cb",
        expiresAt: new Date(now.getTime() + 600_000),
      },
    ]);
  });
  afterAll(async () => {
    await database?.close();
    await backend?.dispose();
  });

  const everything = async () => {
    const accounts = await database.pool.query("select * from autodm.instagram_accounts order by ig_user_id");
    const states = await database.pool.query("select * from autodm.oauth_states order by state");
    return { accounts: accounts.rows, states: states.rows };
  };

  it("re-encrypts every token under the new key, keeping its value, in small batches", async () => {
    const result = await rotateTokenKeys(database.db, vaultBA, { batchSize: 1 });
    expect(result).toEqual({ reencrypted: 3, alreadyCurrent: 0, failed: [] });

    const { accounts, states } = await everything();
    const ciphertexts = [accounts[0].access_token, accounts[1].access_token, states[0].pending_user_token];
    for (const c of ciphertexts) expect(vaultBA.keyIdOf(c)).toBe(vaultBA.currentKeyId);
    expect(ciphertexts.map((c) => vaultBA.decrypt(c))).toEqual([TOKENS.ig, TOKENS.page, TOKENS.pending]);
    expect(states[1].pending_user_token).toBeNull();

    const dump = JSON.stringify({ accounts, states });
    for (const t of Object.values(TOKENS)) {
      expect(dump).not.toContain(t);
      expect(dump).not.toContain(t.slice(0, 16));
    }
  });

  it("does nothing the second time", async () => {
    const before = await everything();
    expect(await rotateTokenKeys(database.db, vaultBA)).toEqual({
      reencrypted: 0,
      alreadyCurrent: 3,
      failed: [],
    });
    expect(await everything()).toEqual(before);
  });

  it("reports a token it cannot read, by table and id, without its value", async () => {
    const stranger = createTokenVault(createKeyRing([randomBytes(32)], { source: "env" }));
    const [row] = await database.db
      .insert(instagramAccounts)
      .values({
        workspaceId: "w2",
        loginType: "sandbox",
        igUserId: "1784003",
        username: "lost_key",
        accessToken: stranger.encrypt(TOKENS.ig),
        tokenIssuedAt: new Date(),
      })
      .returning({ id: instagramAccounts.id });
    const result = await rotateTokenKeys(database.db, vaultBA, { batchSize: 2 });
    expect(result.reencrypted).toBe(0);
    expect(result.alreadyCurrent).toBe(3);
    expect(result.failed).toEqual([
      { table: "instagram_accounts", id: row?.id, reason: expect.stringMatching(/^unknown_key: /) },
    ]);
    expect(JSON.stringify(result)).not.toContain(TOKENS.ig);
    await database.db.delete(instagramAccounts).where(eq(instagramAccounts.workspaceId, "w2"));
  });

  it("never overwrites a token refreshed while it was rotating", async () => {
    const [row] = await database.db
      .insert(instagramAccounts)
      .values({
        workspaceId: "w3",
        loginType: "instagram",
        igUserId: "1784004",
        username: "busy",
        accessToken: vaultA.encrypt("old-token"),
        tokenIssuedAt: new Date(),
      })
      .returning({ id: instagramAccounts.id });
    const id = row?.id as string;
    // A refresh lands between the read and the guarded write.
    const racing = Object.create(database.db, {
      transaction: {
        value: async (...args: Parameters<Db["transaction"]>) => {
          await database.db
            .update(instagramAccounts)
            .set({ accessToken: vaultBA.encrypt("refreshed-token") })
            .where(eq(instagramAccounts.id, id));
          return database.db.transaction(...args);
        },
      },
    }) as Db;
    expect(await rotateTokenKeys(racing, vaultBA)).toEqual({ reencrypted: 0, alreadyCurrent: 4, failed: [] });
    const [after] = await database.db
      .select({ token: instagramAccounts.accessToken })
      .from(instagramAccounts)
      .where(eq(instagramAccounts.id, id));
    expect(vaultBA.decrypt(after?.token as string)).toBe("refreshed-token");
  });
});
