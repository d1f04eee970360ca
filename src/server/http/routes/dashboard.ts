import fs from "node:fs";
import path from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { REPO_ROOT } from "../../repo-root.ts";
import type { AppEnv } from "../app-env.ts";

export const DASHBOARD_DIR = path.join(REPO_ROOT, "dist/web");

/**
 * Serves the built dashboard (Vite output) and falls back to index.html for client-side
 * routes. Hashed assets are cached for a year; index.html never, so a deploy shows at once.
 */
const DOC_FILES: Record<string, string> = {
  "README.md": path.join(REPO_ROOT, "README.md"),
  "architecture.md": path.join(REPO_ROOT, "docs/architecture.md"),
  "benchmarks.md": path.join(REPO_ROOT, "docs/benchmarks.md"),
};

export function dashboardRoutes(dir = DASHBOARD_DIR) {
  const app = new Hono<AppEnv>();
  // The project's own docs, readable from the running app (linked from the dashboard).
  app.get("/docs/:name", (c) => {
    const file = DOC_FILES[c.req.param("name")];
    if (!file || !fs.existsSync(file)) return c.text("No such document.", 404);
    c.header("Content-Type", "text/markdown; charset=utf-8");
    return c.body(fs.readFileSync(file, "utf8"));
  });
  const indexFile = path.join(dir, "index.html");
  app.use(
    "/assets/*",
    serveStatic({
      root: dir,
      onFound: (_p, c) => c.header("Cache-Control", "public, max-age=31536000, immutable"),
    }),
  );
  const files = serveStatic({ root: dir });
  // Directories (and "/") fall through to index.html below.
  app.use("*", (c, next) => (c.req.path.endsWith("/") ? next() : files(c, next)));
  app.get("*", (c) => {
    if (!fs.existsSync(indexFile)) {
      return c.text("The dashboard is not built yet: run `npm run build` (npm start does it for you).", 503);
    }
    c.header("Cache-Control", "no-cache");
    return c.html(fs.readFileSync(indexFile, "utf8"));
  });
  return app;
}
