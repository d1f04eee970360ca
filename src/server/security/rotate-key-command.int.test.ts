import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { createDatabase, type Database } from "../db/database.ts";
import { runMigrations } from "../db/migrate.ts";
import { instagramAccounts } from "../db/schema/index.ts";
import { createLogger } from "../observability/logger.ts";
import { createKeyRing, loadKeyRing } from "./encryption-keys.ts";
import { rotateKeyCommand } from "./rotate-key-command.ts";
import { createTokenVault } from "./token-vault.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });

describe.each(availableBackends())("autodm rotate-key with a key file on %s", (backendName) => {
  let backend: TestBackend;
  let database: Database;
  let dataDir: string;
  const open = async () => ({ db: database.db, close: async () => {} });
  const config = () => ({ tokenEncryptionKey: undefined, dataDir });
  const fileKeys = () => [...loadKeyRing(config()).all.keys()];
  const account = (n: number, accessToken: string) => ({
    workspaceId: "w1",
    loginType: "sandbox" as const,
    igUserId: `17840${n}`,
    username: `user${n}`,
    accessToken,
    tokenIssuedAt: new Date(),
  });

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    database = createDatabase(backend.databaseUrl, { max: 4, applicationName: "autodm-test" });
    await runMigrations(database.pool, { logger, queueSchema: null });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "autodm-rotate-"));
  });
  afterAll(async () => {
    await database?.close();
    await backend?.dispose();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("generates the key file on a first run with nothing to rotate", async () => {
    const summary = await rotateKeyCommand(config(), open);
    expect(summary).toMatchObject({ mode: "file", reencrypted: 0, failed: [], droppedKeys: [] });
    expect(summary.message).toMatch(/^Generated a key in /);
    expect(fileKeys()).toEqual([summary.keyId]);
  });

  it("re-encrypts under a new key and then forgets the old one", async () => {
    const old = loadKeyRing(config());
    await database.db.insert(instagramAccounts).values(account(1, createTokenVault(old).encrypt("tok-1")));
    const summary = await rotateKeyCommand(config(), open);
    expect(summary).toMatchObject({
      reencrypted: 1,
      alreadyCurrent: 0,
      failed: [],
      droppedKeys: [old.current.id],
    });
    expect(summary.keyId).not.toBe(old.current.id);
    expect(fileKeys()).toEqual([summary.keyId]);
    const [row] = await database.db.select().from(instagramAccounts);
    const vault = createTokenVault(loadKeyRing(config()));
    expect(vault.keyIdOf(row?.accessToken as string)).toBe(summary.keyId);
    expect(vault.decrypt(row?.accessToken as string)).toBe("tok-1");
  });

  it("keeps the old keys when a token cannot be re-encrypted", async () => {
    const before = loadKeyRing(config());
    const stranger = createTokenVault(createKeyRing([randomBytes(32)], { source: "env" }));
    await database.db.insert(instagramAccounts).values(account(2, stranger.encrypt("tok-2")));
    const summary = await rotateKeyCommand(config(), open);
    expect(summary.reencrypted).toBe(1);
    expect(summary.failed).toHaveLength(1);
    expect(summary.droppedKeys).toEqual([]);
    expect(fileKeys()).toEqual([summary.keyId, before.current.id]);
    expect(JSON.stringify(summary)).not.toContain("tok-");
  });
});
