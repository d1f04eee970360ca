import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../config.ts";
import { addKeyToFile, dropOldKeysFromFile, keyFilePath, keyId, loadKeyRing } from "./encryption-keys.ts";
import { createTokenVault } from "./token-vault.ts";

const dirs: string[] = [];
function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autodm-keys-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const mode = (p: string) => fs.statSync(p).mode & 0o777;

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("loadKeyRing from TOKEN_ENCRYPTION_KEY", () => {
  const a = randomBytes(32);
  const b = randomBytes(32);

  it("reads base64 and base64url keys, newest first", () => {
    const ring = loadKeyRing({
      tokenEncryptionKey: `${b.toString("base64url")},${a.toString("base64")}`,
      dataDir: "/nonexistent",
    });
    expect(ring.source).toBe("env");
    expect(ring.current.id).toBe(keyId(b));
    expect(ring.current.key.equals(b)).toBe(true);
    expect([...ring.all.keys()]).toEqual([keyId(b), keyId(a)]);
    expect(ring.all.get(keyId(a))?.equals(a)).toBe(true);
    expect(ring.warnings).toEqual([]);
    expect(fs.existsSync("/nonexistent")).toBe(false);
  });

  it("derives the key id from SHA-256 of the key", () => {
    expect(keyId(a)).toBe(createHash("sha256").update(a).digest("hex").slice(0, 8));
    expect(keyId(a)).toMatch(/^[0-9a-f]{8}$/);
  });

  it("names the bad entry and never prints a key", () => {
    const short = randomBytes(16).toString("base64");
    const hex = randomBytes(32).toString("hex");
    const problems = problemsOf(() =>
      loadKeyRing({ tokenEncryptionKey: `${a.toString("base64")},${short},${hex},a*b`, dataDir: "/x" }),
    );
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^TOKEN_ENCRYPTION_KEY: key 2 of 4 decodes to 16 bytes, expected 32/);
    expect(problems[1]).toMatch(/^TOKEN_ENCRYPTION_KEY: key 3 of 4 .*looks like hex/);
    expect(problems[2]).toMatch(/^TOKEN_ENCRYPTION_KEY: key 4 of 4 is not base64/);
    for (const p of problems) {
      for (const secret of [a.toString("base64"), short, hex]) expect(p).not.toContain(secret);
    }
    expect(problemsOf(() => loadKeyRing({ tokenEncryptionKey: "", dataDir: "/x" }))[0]).toMatch(
      /^TOKEN_ENCRYPTION_KEY: the key is empty/,
    );
    expect(
      problemsOf(() => loadKeyRing({ tokenEncryptionKey: `${a.toString("base64")},`, dataDir: "/x" }))[0],
    ).toMatch(/key 2 of 2 is empty/);
  });
});

describe("loadKeyRing from the key file (embedded mode)", () => {
  it("creates a 0600 key file in a 0700 folder once, then reuses it", () => {
    const dataDir = tempDataDir();
    const first = loadKeyRing({ tokenEncryptionKey: undefined, dataDir });
    const file = keyFilePath(dataDir);
    expect(first).toMatchObject({ source: "file", file, created: true, warnings: [] });
    expect(first.all.size).toBe(1);
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(fs.readdirSync(path.dirname(file))).toEqual(["token-keys"]); // no temp file left

    const second = loadKeyRing({ tokenEncryptionKey: undefined, dataDir });
    expect(second.created).toBeUndefined();
    expect(second.current.id).toBe(first.current.id);
    expect(second.current.key.equals(first.current.key)).toBe(true);
  });

  it("warns about a key file readable by group or others", () => {
    const dataDir = tempDataDir();
    const { file } = loadKeyRing({ tokenEncryptionKey: undefined, dataDir });
    fs.chmodSync(file as string, 0o644);
    const ring = loadKeyRing({ tokenEncryptionKey: undefined, dataDir });
    expect(ring.warnings).toHaveLength(1);
    expect(ring.warnings[0]).toContain("readable by group or others (mode 0644)");
    expect(ring.warnings[0]).not.toContain(ring.current.key.toString("base64"));
  });

  it("refuses a key file with a bad line or no key, naming the line and not the key", () => {
    const dataDir = tempDataDir();
    const { file } = loadKeyRing({ tokenEncryptionKey: undefined, dataDir });
    const bad = randomBytes(31).toString("base64");
    fs.appendFileSync(file as string, `${bad}\n`);
    const [problem] = problemsOf(() => loadKeyRing({ tokenEncryptionKey: undefined, dataDir }));
    expect(problem).toMatch(/token-keys: line 4 decodes to 31 bytes/);
    expect(problem).not.toContain(bad);

    fs.writeFileSync(file as string, "# only a comment\n");
    expect(problemsOf(() => loadKeyRing({ tokenEncryptionKey: undefined, dataDir }))[0]).toMatch(
      /holds no key/,
    );
  });

  it("puts an added key first (it becomes current) and can drop the old ones", () => {
    const dataDir = tempDataDir();
    const before = loadKeyRing({ tokenEncryptionKey: undefined, dataDir });
    const oldCiphertext = createTokenVault(before).encrypt("secret-token");

    const added = addKeyToFile(dataDir);
    expect(added.id).not.toBe(before.current.id);
    const rotated = loadKeyRing({ tokenEncryptionKey: undefined, dataDir });
    expect(rotated.current.id).toBe(added.id);
    expect([...rotated.all.keys()]).toEqual([added.id, before.current.id]);
    expect(createTokenVault(rotated).decrypt(oldCiphertext)).toBe("secret-token");
    expect(mode(keyFilePath(dataDir))).toBe(0o600);
    expect(fs.readdirSync(path.dirname(keyFilePath(dataDir)))).toEqual(["token-keys"]);

    expect(() => dropOldKeysFromFile(dataDir, "00000000")).toThrow(ConfigError);
    expect(dropOldKeysFromFile(dataDir, added.id).dropped).toEqual([before.current.id]);
    const after = loadKeyRing({ tokenEncryptionKey: undefined, dataDir });
    expect([...after.all.keys()]).toEqual([added.id]);
    expect(mode(keyFilePath(dataDir))).toBe(0o600);
    expect(dropOldKeysFromFile(dataDir, added.id).dropped).toEqual([]);
  });

  it("creates the key file when a key is added before any load", () => {
    const dataDir = tempDataDir();
    const added = addKeyToFile(dataDir);
    const ring = loadKeyRing({ tokenEncryptionKey: undefined, dataDir });
    expect([...ring.all.keys()]).toEqual([added.id]);
    expect(mode(keyFilePath(dataDir))).toBe(0o600);
  });
});
