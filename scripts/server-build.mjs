// The compiled server: src/server/main.ts bundled by esbuild into dist/server/main.js (our code
// only; packages stay in node_modules). Running it instead of tsx saves compiling the sources
// at every start. Shared by scripts/build-server-if-stale.mjs and bin/autodm.js.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const entry = path.join(root, "src/server/main.ts");
export const outfile = path.join(root, "dist/server/main.js");
const inputs = ["src/server", "src/shared", "package.json", "package-lock.json"];

function newestMtime(p) {
  const stat = fs.statSync(p, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's mtime
  for (const name of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

/** The compiled server exists and is newer than every source it was built from. */
export function compiledIsFresh() {
  const built = fs.statSync(outfile, { throwIfNoEntry: false });
  if (!built) return false;
  return inputs.every((i) => newestMtime(path.join(root, i)) <= built.mtimeMs);
}

export async function buildServer() {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: true,
    logLevel: "warning",
    write: false,
  });
  // Written beside, then renamed: a process starting meanwhile never loads a half-written file.
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const files = [...result.outputFiles].sort((a) => (a.path === outfile ? 1 : -1)); // main.js last
  for (const file of files) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, file.contents);
    fs.renameSync(tmp, file.path);
  }
}
