import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/**
 * The JavaScript a first visit downloads: the module scripts index.html loads plus the chunks
 * they import statically (modulepreload), each gzipped at level 9 — what a server with gzip
 * sends. Lazy routes and the chart are not counted: they load later, on demand.
 */
export function initialJs(distDir: string): { files: { file: string; gzip: number }[]; totalGzip: number } {
  const html = fs.readFileSync(path.join(distDir, "index.html"), "utf8");
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)) if (m[1]) refs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g))
    if (m[1]) refs.add(m[1]);
  const files = [...refs].map((ref) => {
    const bytes = fs.readFileSync(path.join(distDir, ref.replace(/^\//, "")));
    return { file: ref, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  return { files, totalGzip: files.reduce((sum, f) => sum + f.gzip, 0) };
}
