import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyRing } from "./encryption-keys.ts";
import { createTokenVault, maskToken, TokenVaultError } from "./token-vault.ts";

const keyA = Buffer.alloc(32, 1);
const keyB = Buffer.alloc(32, 2);
const ringA = createKeyRing([keyA], { source: "env" });
const ringBA = createKeyRing([keyB, keyA], { source: "env" });
const TOKEN = "IGQWRPa1ZAmFkZA2NhZAkRlcGxhY2Vob2xkZXJ0b2tlbkZAaSBhOVp4";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof TokenVaultError) return err.code;
    throw err;
  }
  return undefined;
}

/** Replaces the first character of part `i` with another valid base64url / hex character. */
function tamper(ciphertext: string, i: number): string {
  const parts = ciphertext.split(".");
  const part = parts[i] as string;
  const first = part[0] as string;
  const alphabet =
    i === 1 ? "0123456789abcdef" : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  parts[i] = (alphabet[(alphabet.indexOf(first) + 1) % alphabet.length] as string) + part.slice(1);
  return parts.join(".");
}

describe("token vault", () => {
  const vault = createTokenVault(ringA);

  it("round-trips ASCII, non-ASCII, empty and 2 KB tokens", () => {
    for (const t of [TOKEN, "jeton-été-🔑-токен", "", randomBytes(1536).toString("base64")]) {
      expect(vault.decrypt(vault.encrypt(t))).toBe(t);
    }
    expect(randomBytes(1536).toString("base64")).toHaveLength(2048);
  });

  it("writes v1.<keyId>.<iv>.<tag>.<data> and never the plaintext", () => {
    const c = vault.encrypt(TOKEN);
    expect(c).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(c.split(".")[1]).toBe(ringA.current.id);
    expect(vault.keyIdOf(c)).toBe(ringA.current.id);
    expect(c).not.toContain(TOKEN);
    expect(c).not.toContain(Buffer.from(TOKEN).toString("base64url").slice(0, 12));
  });

  it("uses a fresh IV for every encryption", () => {
    const ciphertexts = Array.from({ length: 200 }, () => vault.encrypt(TOKEN));
    expect(new Set(ciphertexts.map((c) => c.split(".")[2])).size).toBe(200);
    expect(new Set(ciphertexts).size).toBe(200);
  });

  it("rejects a change to the IV, the tag or the data as tampered", () => {
    const c = vault.encrypt(TOKEN);
    for (const i of [2, 3, 4]) expect(codeOf(() => vault.decrypt(tamper(c, i)))).toBe("tampered");
    // Relabelling to another key the ring holds: authenticated (AAD) and a different key.
    const relabelled = [c.split(".")[0], ringBA.current.id, ...c.split(".").slice(2)].join(".");
    expect(codeOf(() => createTokenVault(ringBA).decrypt(relabelled))).toBe("tampered");
  });

  it("rejects an unknown key id, an unknown version and malformed text with their codes", () => {
    const c = vault.encrypt(TOKEN);
    expect(codeOf(() => vault.decrypt(tamper(c, 1)))).toBe("unknown_key");
    expect(codeOf(() => vault.decrypt(c.replace(/^v1/, "v2")))).toBe("malformed");
    const parts = c.split(".");
    for (const bad of [
      "",
      TOKEN,
      parts.slice(0, 4).join("."),
      `${c}.x`,
      [parts[0], parts[1], `${parts[2]}A`, parts[3], parts[4]].join("."), // IV of the wrong size
      [parts[0], parts[1], parts[2], parts[3], `${parts[4]}=`].join("."), // padding: not canonical
      [parts[0], "ABCDEF12", parts[2], parts[3], parts[4]].join("."), // key id not lowercase hex
    ]) {
      expect(codeOf(() => vault.decrypt(bad))).toBe("malformed");
    }
  });

  it("never puts the plaintext or a key in an error message", () => {
    const c = vault.encrypt(TOKEN);
    const messages: string[] = [];
    for (const bad of [tamper(c, 4), tamper(c, 1), c.replace(/^v1/, "v2"), TOKEN]) {
      try {
        vault.decrypt(bad);
      } catch (err) {
        messages.push(String((err as Error).message), String((err as Error).stack));
      }
    }
    expect(messages).toHaveLength(8);
    for (const m of messages) {
      expect(m).not.toContain(TOKEN);
      expect(m).not.toContain(TOKEN.slice(0, 12));
      expect(m).not.toContain(keyA.toString("base64"));
    }
  });

  it("still decrypts under an old key after rotation, and knows what is current", () => {
    const old = vault.encrypt(TOKEN);
    const rotated = createTokenVault(ringBA);
    expect(rotated.decrypt(old)).toBe(TOKEN);
    expect(rotated.isCurrent(old)).toBe(false);
    const fresh = rotated.encrypt(TOKEN);
    expect(rotated.keyIdOf(fresh)).toBe(ringBA.current.id);
    expect(rotated.isCurrent(fresh)).toBe(true);
    expect(rotated.isCurrent("not a ciphertext")).toBe(false);
    // The old ring cannot read what the new key wrote.
    expect(codeOf(() => vault.decrypt(fresh))).toBe("unknown_key");
  });
});

describe("maskToken", () => {
  it("shows at most the first and last 4 characters", () => {
    expect(maskToken(TOKEN)).toBe(`${TOKEN.slice(0, 4)}…${TOKEN.slice(-4)}`);
    expect(maskToken("IGQWxxxxxxxxxxxxxxxxxxxxxxxxa9Zx")).toBe("IGQW…a9Zx");
  });

  it("never reveals more than a quarter of the token", () => {
    for (let n = 0; n <= 80; n++) {
      const token = Array.from({ length: n }, (_, i) => String.fromCharCode(65 + (i % 26))).join("");
      const masked = maskToken(token);
      const shown = Array.from(masked.replace(/[…•]/g, "")).length;
      expect(shown, `length ${n}`).toBeLessThanOrEqual(Math.floor(n / 4));
      expect(shown, `length ${n}`).toBeLessThanOrEqual(8);
      if (n < 8) expect(masked).toBe("••••");
    }
    expect(maskToken("abcdefgh")).toBe("a…h");
    expect(maskToken("🔑🔑🔑🔑🔑🔑🔑")).toBe("••••");
  });
});
