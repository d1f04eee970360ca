import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { KeyRing } from "./encryption-keys.ts";

/**
 * Tokens at rest: AES-256-GCM under the key ring's current key, a random 12-byte IV per
 * encryption. Format: `v1.<keyId>.<iv>.<tag>.<data>` (base64url, no padding). The version and
 * key id are authenticated (AAD), so a ciphertext cannot be relabelled to another key. Errors
 * carry a code and never the plaintext or a key.
 */

export type TokenVaultErrorCode = "unknown_key" | "tampered" | "malformed";

export class TokenVaultError extends Error {
  constructor(
    readonly code: TokenVaultErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "TokenVaultError";
  }
}

export interface TokenVault {
  /** The id of the key new ciphertexts are made with. */
  readonly currentKeyId: string;
  encrypt(plaintext: string): string;
  /** Throws TokenVaultError: "malformed", "unknown_key" or "tampered". */
  decrypt(ciphertext: string): string;
  /** The key id a ciphertext claims; throws TokenVaultError("malformed"). */
  keyIdOf(ciphertext: string): string;
  /** true when well-formed and under the current key (false for anything else: never throws). */
  isCurrent(ciphertext: string): boolean;
}

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[0-9a-f]{8}$/;
const B64URL = /^[A-Za-z0-9_-]*$/;

interface Parsed {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
}

/** Strict base64url: only the canonical encoding is accepted, so a ciphertext has one spelling. */
function b64url(part: string, what: string, bytes?: number): Buffer {
  const decoded = B64URL.test(part) ? Buffer.from(part, "base64url") : undefined;
  if (!decoded || decoded.toString("base64url") !== part)
    throw new TokenVaultError("malformed", `token ciphertext: the ${what} is not canonical base64url`);
  if (bytes !== undefined && decoded.length !== bytes)
    throw new TokenVaultError("malformed", `token ciphertext: the ${what} must be ${bytes} bytes`);
  return decoded;
}

function parse(ciphertext: string): Parsed {
  if (typeof ciphertext !== "string")
    throw new TokenVaultError("malformed", "token ciphertext: not a string");
  const parts = ciphertext.split(".");
  if (parts.length !== 5) throw new TokenVaultError("malformed", "token ciphertext: expected 5 parts");
  const [version, keyId, iv, tag, data] = parts as [string, string, string, string, string];
  if (version !== VERSION)
    throw new TokenVaultError(
      "malformed",
      `token ciphertext: unknown format version "${version.slice(0, 8)}"`,
    );
  if (!KEY_ID.test(keyId)) throw new TokenVaultError("malformed", "token ciphertext: bad key id");
  return {
    keyId,
    iv: b64url(iv, "IV", IV_BYTES),
    tag: b64url(tag, "tag", TAG_BYTES),
    data: b64url(data, "data"),
  };
}

const aad = (keyId: string) => Buffer.from(`${VERSION}.${keyId}`, "utf8");

export function createTokenVault(ring: Pick<KeyRing, "current" | "all">): TokenVault {
  const current = ring.current;
  return {
    currentKeyId: current.id,
    encrypt(plaintext) {
      if (typeof plaintext !== "string") throw new TypeError("encrypt: expected a string");
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", current.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(current.id));
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, current.id, iv, tag, data]
        .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
        .join(".");
    },
    decrypt(ciphertext) {
      const { keyId, iv, tag, data } = parse(ciphertext);
      const key = ring.all.get(keyId);
      if (!key)
        throw new TokenVaultError(
          "unknown_key",
          `token ciphertext is under key ${keyId}, which is not configured (add it back to TOKEN_ENCRYPTION_KEY or the key file, after the current key)`,
        );
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad(keyId));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
      } catch {
        throw new TokenVaultError("tampered", `token ciphertext under key ${keyId} failed authentication`);
      }
    },
    keyIdOf(ciphertext) {
      return parse(ciphertext).keyId;
    },
    isCurrent(ciphertext) {
      try {
        return parse(ciphertext).keyId === current.id;
      } catch {
        return false;
      }
    },
  };
}

/**
 * A token for display: at most the first and last 4 characters, never more than a quarter of
 * it (`IGQW…a9Zx`); "••••" when too short to show anything.
 */
export function maskToken(token: string): string {
  const chars = Array.from(token);
  const side = Math.min(4, Math.floor(chars.length / 8));
  if (side === 0) return "••••";
  return `${chars.slice(0, side).join("")}…${chars.slice(-side).join("")}`;
}
