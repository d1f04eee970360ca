import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "../config.ts";

/**
 * The keys that encrypt tokens at rest. Either TOKEN_ENCRYPTION_KEY (comma-separated base64 or
 * base64url keys of 32 bytes, newest first), or — in embedded mode — a key file generated once
 * into DATA_DIR (`secrets/token-keys`, one base64 key per line, newest first, mode 0600 in a
 * 0700 folder). The first key encrypts; every key decrypts, so keys can rotate.
 *
 * A key id is the first 8 hex characters of SHA-256(key): stable, and it reveals nothing useful
 * about the key. Messages name keys by position or id, never by value.
 */

export const KEY_BYTES = 32;

export interface EncryptionKey {
  readonly id: string;
  readonly key: Buffer;
}

export interface KeyRing {
  /** Encrypts; the first key configured. */
  readonly current: EncryptionKey;
  /** Every key that may decrypt, by id (current included). */
  readonly all: ReadonlyMap<string, Buffer>;
  readonly source: "env" | "file";
  /** The key file (source "file"). */
  readonly file?: string;
  /** true when this load generated the key file. */
  readonly created?: boolean;
  /** Problems worth a warn-level log line (a key file readable by others, …); never key material. */
  readonly warnings: readonly string[];
}

/** First 8 hex characters of SHA-256(key). */
export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

/** A ring from raw keys, newest first (duplicates are dropped). */
export function createKeyRing(
  keys: readonly Buffer[],
  options: { source: "env" | "file"; file?: string; created?: boolean; warnings?: string[] } = {
    source: "env",
  },
): KeyRing {
  const first = keys[0];
  if (!first) throw new ConfigError(["token encryption: no key configured"]);
  const all = new Map<string, Buffer>();
  for (const key of keys) {
    if (key.length !== KEY_BYTES)
      throw new ConfigError([`token encryption: a key must be ${KEY_BYTES} bytes`]);
    const id = keyId(key);
    if (!all.has(id)) all.set(id, key);
  }
  return {
    current: { id: keyId(first), key: first },
    all,
    source: options.source,
    ...(options.file ? { file: options.file } : {}),
    ...(options.created ? { created: true } : {}),
    warnings: options.warnings ?? [],
  };
}

export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, "secrets", "token-keys");
}

export function loadKeyRing(options: { tokenEncryptionKey: string | undefined; dataDir: string }): KeyRing {
  if (options.tokenEncryptionKey !== undefined) return ringFromEnv(options.tokenEncryptionKey);
  return ringFromFile(options.dataDir);
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const GENERATE_HINT = "generate one with: openssl rand -base64 32";

/**
 * Decodes one base64 / base64url key. Returns a problem (never containing the key) or the key.
 * Strict: Node's decoder silently skips characters it does not know, so the alphabet and the
 * length are checked first.
 */
function decodeKey(text: string): Buffer | string {
  const trimmed = text.trim();
  if (trimmed === "") return "is empty";
  if (!BASE64.test(trimmed)) return "is not base64 (only A-Z a-z 0-9 + / - _ and = padding are allowed)";
  const key = Buffer.from(trimmed.replace(/=+$/, ""), "base64");
  if (key.length !== KEY_BYTES) {
    const hex = /^[0-9a-fA-F]{64}$/.test(trimmed) ? " (it looks like hex; base64 is expected)" : "";
    return `decodes to ${key.length} bytes, expected ${KEY_BYTES}${hex}`;
  }
  return key;
}

function ringFromEnv(value: string): KeyRing {
  const entries = value.split(",");
  const keys: Buffer[] = [];
  const problems: string[] = [];
  entries.forEach((entry, i) => {
    const decoded = decodeKey(entry);
    const which = entries.length === 1 ? "the key" : `key ${i + 1} of ${entries.length}`;
    if (typeof decoded === "string")
      problems.push(`TOKEN_ENCRYPTION_KEY: ${which} ${decoded}; ${GENERATE_HINT}`);
    else keys.push(decoded);
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return createKeyRing(keys, { source: "env" });
}

const FILE_HEADER = [
  "# autodm token encryption keys: base64, newest first. The first encrypts; all decrypt.",
  "# Keep this file secret and back it up with the data folder: without it stored tokens are unreadable.",
];

function parseKeyFile(file: string): Buffer[] {
  const keys: Buffer[] = [];
  const problems: string[] = [];
  fs.readFileSync(file, "utf8")
    .split(/\r?\n/)
    .forEach((line, i) => {
      const text = line.trim();
      if (text === "" || text.startsWith("#")) return;
      const decoded = decodeKey(text);
      if (typeof decoded === "string") problems.push(`${file}: line ${i + 1} ${decoded}`);
      else keys.push(decoded);
    });
  if (problems.length > 0) throw new ConfigError(problems);
  if (keys.length === 0) {
    throw new ConfigError([
      `${file}: holds no key. Restore it from a backup: tokens encrypted with the lost key cannot be read (delete the file only if no Instagram account is connected).`,
    ]);
  }
  return keys;
}

function permissionWarnings(file: string): string[] {
  if (process.platform === "win32") return [];
  const warnings: string[] = [];
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) {
    warnings.push(
      `${file} is readable by group or others (mode ${mode.toString(8).padStart(4, "0")}); run: chmod 600 ${file}`,
    );
  }
  const dirMode = fs.statSync(path.dirname(file)).mode & 0o777;
  if (dirMode & 0o077) {
    warnings.push(
      `${path.dirname(file)} is open to group or others (mode ${dirMode.toString(8).padStart(4, "0")}); run: chmod 700 ${path.dirname(file)}`,
    );
  }
  return warnings;
}

function ringFromFile(dataDir: string): KeyRing {
  const file = keyFilePath(dataDir);
  let created = false;
  if (!fs.existsSync(file)) created = createKeyFile(file, [randomBytes(KEY_BYTES)]);
  return createKeyRing(parseKeyFile(file), {
    source: "file",
    file,
    created,
    warnings: permissionWarnings(file),
  });
}

function ensureSecretsDir(file: string) {
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700); // mkdir's mode is filtered by the umask
  }
}

function fsyncDir(dir: string) {
  try {
    const fd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a folder; the rename is still atomic.
  }
}

/** Writes the keys to a fresh 0600 temp file beside `file` (fsynced) and returns its path. */
function writeTemp(file: string, keys: readonly Buffer[]): string {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const body = `${[...FILE_HEADER, ...keys.map((k) => k.toString("base64"))].join("\n")}\n`;
  const fd = fs.openSync(temp, "wx", 0o600);
  try {
    fs.fchmodSync(fd, 0o600); // the open mode is filtered by the umask
    fs.writeFileSync(fd, body);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return temp;
}

/**
 * Creates the key file only if it is still absent (a hard link does not replace an existing
 * file), so two first starts cannot each write a different key. Returns true when it did.
 */
function createKeyFile(file: string, keys: readonly Buffer[]): boolean {
  ensureSecretsDir(file);
  const temp = writeTemp(file, keys);
  try {
    fs.linkSync(temp, file);
    fs.unlinkSync(temp);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      fs.unlinkSync(temp);
      return false;
    }
    // A file system without hard links: fall back to a plain (atomic) rename.
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS") {
      fs.rmSync(temp, { force: true });
      throw err;
    }
    fs.renameSync(temp, file);
  }
  fsyncDir(path.dirname(file));
  return true;
}

/** Atomically replaces the key file's content: a crash leaves the old file or the new one. */
function replaceKeyFile(file: string, keys: readonly Buffer[]) {
  ensureSecretsDir(file);
  const temp = writeTemp(file, keys);
  try {
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
  fsyncDir(path.dirname(file));
}

/** Embedded mode: puts a fresh key first in the key file (created when absent). Returns its id. */
export function addKeyToFile(dataDir: string): { id: string; file: string } {
  const file = keyFilePath(dataDir);
  const key = randomBytes(KEY_BYTES);
  if (!fs.existsSync(file) && createKeyFile(file, [key])) return { id: keyId(key), file };
  replaceKeyFile(file, [key, ...parseKeyFile(file)]);
  return { id: keyId(key), file };
}

/**
 * Embedded mode: keeps only the key `keepId` in the key file (after a rotation re-encrypted
 * everything under it). Returns the ids dropped.
 */
export function dropOldKeysFromFile(dataDir: string, keepId: string): { dropped: string[]; file: string } {
  const file = keyFilePath(dataDir);
  const keys = parseKeyFile(file);
  const keep = keys.find((k) => keyId(k) === keepId);
  if (!keep) throw new ConfigError([`${file}: has no key with id ${keepId}; nothing was dropped`]);
  const dropped = [...new Set(keys.map(keyId).filter((id) => id !== keepId))];
  if (dropped.length > 0 || keys.length > 1) replaceKeyFile(file, [keep]);
  return { dropped, file };
}
