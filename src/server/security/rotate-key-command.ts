import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import { addKeyToFile, dropOldKeysFromFile, loadKeyRing } from "./encryption-keys.ts";
import { type RotationFailure, rotateTokenKeys } from "./rotate-token-keys.ts";
import { createTokenVault } from "./token-vault.ts";

/**
 * `autodm rotate-key`. Embedded mode (key file): add a fresh key first, re-encrypt every token
 * under it, then drop the old keys only if nothing failed. Env mode (TOKEN_ENCRYPTION_KEY): the
 * operator owns the keys, so this re-encrypts under the first one and says what to do next.
 */

export interface RotateKeySummary {
  mode: "file" | "env";
  /** The key every token is now under (when nothing failed). */
  keyId: string;
  reencrypted: number;
  alreadyCurrent: number;
  failed: RotationFailure[];
  /** Key ids removed from the key file (file mode). */
  droppedKeys?: string[];
  /** Key ids still configured after the current one (env mode). */
  olderKeys?: string[];
  /** Key file permission problems and the like. */
  warnings: string[];
  /** What happened and what to do next, for a human. */
  message: string;
}

export interface OpenedDatabase {
  db: Db;
  close(): Promise<void>;
}

export async function rotateKeyCommand(
  config: Pick<Config, "tokenEncryptionKey" | "dataDir">,
  openDatabase: () => Promise<OpenedDatabase>,
): Promise<RotateKeySummary> {
  // Read (or, embedded, create) the keys before touching the database, so a bad key fails fast.
  const before = loadKeyRing(config);
  // Opening the embedded database takes the data folder's lock: no server runs beside us.
  const opened = await openDatabase();
  try {
    if (before.source === "env") {
      const vault = createTokenVault(before);
      const result = await rotateTokenKeys(opened.db, vault);
      const olderKeys = [...before.all.keys()].filter((id) => id !== before.current.id);
      return {
        mode: "env",
        keyId: before.current.id,
        ...result,
        olderKeys,
        warnings: [...before.warnings],
        message: envMessage(before.current.id, olderKeys, result),
      };
    }

    const fresh = before.created === true; // generated just now: it is already a new key
    if (!fresh) addKeyToFile(config.dataDir);
    const ring = fresh ? before : loadKeyRing(config);
    const result = await rotateTokenKeys(opened.db, createTokenVault(ring));
    const file = ring.file ?? "the key file";
    if (result.failed.length > 0) {
      return {
        mode: "file",
        keyId: ring.current.id,
        ...result,
        droppedKeys: [],
        warnings: [...ring.warnings],
        message: `${result.failed.length} token(s) could not be re-encrypted (see "failed"); the older keys stay in ${file} so nothing becomes unreadable. Fix or disconnect those accounts, then run autodm rotate-key again.`,
      };
    }
    const { dropped } = dropOldKeysFromFile(config.dataDir, ring.current.id);
    const done =
      result.reencrypted === 0
        ? `No token is stored yet; key ${ring.current.id} in ${file} will encrypt new ones.`
        : `${result.reencrypted} token(s) re-encrypted under key ${ring.current.id}.`;
    return {
      mode: "file",
      keyId: ring.current.id,
      ...result,
      droppedKeys: dropped,
      warnings: [...ring.warnings],
      message: `${fresh ? `Generated a key in ${file}. ` : ""}${done}${dropped.length > 0 ? ` Removed the older key(s) from ${file}.` : ""}`,
    };
  } finally {
    await opened.close();
  }
}

function envMessage(
  currentId: string,
  olderKeys: string[],
  result: { reencrypted: number; failed: RotationFailure[] },
): string {
  const how =
    "To rotate: put a new key first in TOKEN_ENCRYPTION_KEY with the old key(s) after it (comma-separated; openssl rand -base64 32), restart every autodm process, run autodm rotate-key to re-encrypt, then remove the old key(s) and restart again.";
  if (result.failed.length > 0)
    return `${result.failed.length} token(s) could not be re-encrypted (see "failed"). Keep every key in TOKEN_ENCRYPTION_KEY until they are fixed or disconnected, then run autodm rotate-key again.`;
  if (olderKeys.length === 0) {
    return result.reencrypted === 0
      ? `Nothing to do: one key (${currentId}) is configured and every token is under it. ${how}`
      : `${result.reencrypted} token(s) re-encrypted under key ${currentId}. ${how}`;
  }
  return `Every token is now under key ${currentId} (${result.reencrypted} re-encrypted). Remove the older key(s) ${olderKeys.join(", ")} from TOKEN_ENCRYPTION_KEY and restart every autodm process. If a process still ran with the old key order, run autodm rotate-key once more first.`;
}
