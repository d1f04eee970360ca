import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The installation's root folder (package.json, drizzle/, dist/web, docs/), found by walking up
 * from this module: the same answer from the TypeScript sources (tsx) and from the compiled
 * server in dist/server/, whose files sit at another depth.
 */
function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && fs.existsSync(path.join(dir, "drizzle"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("autodm's root folder (package.json beside drizzle/) not found");
    dir = parent;
  }
}

export const REPO_ROOT = findRoot();
