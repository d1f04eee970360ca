import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

type LockEntry = { version?: string; optionalDependencies?: Record<string, string> };
type Lockfile = { lockfileVersion: number; packages: Record<string, LockEntry> };

/**
 * Where Node (and npm ci) would find `dep` when required from the package at `from`: its own
 * node_modules, then each ancestor's, up to the root. Returns the lockfile key or undefined.
 */
function resolveInLock(packages: Lockfile["packages"], from: string, dep: string): string | undefined {
  let dir = from;
  for (;;) {
    const key = dir ? `${dir}/node_modules/${dep}` : `node_modules/${dep}`;
    if (packages[key]) return key;
    if (!dir) return undefined;
    const cut = dir.lastIndexOf("/node_modules/");
    dir = cut === -1 ? "" : dir.slice(0, cut);
  }
}

function missingOptionalPackages(lock: Lockfile): string[] {
  const missing: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
      if (!resolveInLock(lock.packages, path, dep)) missing.push(`${path || "(root)"} → ${dep}`);
    }
  }
  return missing;
}

const lock = JSON.parse(readFileSync(new URL("../package-lock.json", import.meta.url), "utf8")) as Lockfile;

// npm ci refuses a lockfile that lacks an optional platform build (e.g. @biomejs/cli-darwin-arm64)
// on every platform, and one written on Linux from a single-platform install lacks them: this
// keeps `npm ci` working on Linux, macOS and Windows. To fix a failure: `npm install --package-lock-only`
// against the public registry (it adds the missing entries, versions unchanged).
describe("package-lock.json", () => {
  it("lists every optional platform package of every dependency", () => {
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(3);
    expect(missingOptionalPackages(lock)).toEqual([]);
  });

  it("has the platform builds of the native tools for Linux, macOS and Windows", () => {
    const keys = Object.keys(lock.packages);
    for (const prefix of [
      "node_modules/@biomejs/cli-",
      "node_modules/@esbuild/",
      "node_modules/@rollup/rollup-",
      "node_modules/lightningcss-",
      "node_modules/@tailwindcss/oxide-",
    ]) {
      const builds = keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
      for (const os of ["linux", "darwin", "win32"]) {
        expect(
          builds.some((b) => b.includes(os)),
          `${prefix}*${os}*`,
        ).toBe(true);
      }
    }
  });

  it("finds a missing platform build (the check itself works)", () => {
    const broken: Lockfile = {
      lockfileVersion: 3,
      packages: {
        "": {},
        "node_modules/tool": { optionalDependencies: { "tool-linux": "1", "tool-darwin": "1" } },
        "node_modules/tool-linux": {},
        "node_modules/a/node_modules/tool": { optionalDependencies: { "tool-linux": "1" } },
      },
    };
    expect(missingOptionalPackages(broken)).toEqual(["node_modules/tool → tool-darwin"]);
  });
});
