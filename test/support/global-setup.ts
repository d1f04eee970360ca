import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";

/**
 * initdb takes seconds and ~900 MB per PGlite folder; do it once per run and let each test
 * file copy the initialized folder (see backends.ts).
 */
export default async function setup(project: TestProject) {
  // The dashboard shell is served by the app under test: build it when its sources changed.
  execFileSync(process.execPath, ["scripts/build-web-if-stale.mjs"], { stdio: "inherit" });

  const template = path.join(os.tmpdir(), "autodm-test-pglite-template");
  if (!fs.existsSync(path.join(template, "PG_VERSION"))) {
    const building = `${template}.building-${process.pid}`;
    fs.rmSync(building, { recursive: true, force: true });
    fs.mkdirSync(building, { recursive: true });
    const db = await PGlite.create(building);
    await db.close();
    fs.rmSync(template, { recursive: true, force: true });
    fs.renameSync(building, template);
  }
  project.provide("pgliteTemplate", template);
  if (
    process.env.REQUIRE_REAL_SERVICES === "1" &&
    (!process.env.TEST_DATABASE_URL || !process.env.TEST_REDIS_URL)
  ) {
    throw new Error("REQUIRE_REAL_SERVICES=1 but TEST_DATABASE_URL or TEST_REDIS_URL is not set");
  }
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
