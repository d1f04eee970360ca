import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../observability/logger.ts";
import { startEmbeddedPostgres } from "./embedded-postgres.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autodm-embedded-"));

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("embedded PGlite", () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("initializes a new folder in a child process, then opens it with the configured shared_buffers", async () => {
    const first = await startEmbeddedPostgres({ dataDir: dir, queueSchema: "bullmq", logger });
    try {
      expect(fs.existsSync(path.join(dir, "pg", "PG_VERSION"))).toBe(true);
      expect(await query(first.url, "show shared_buffers")).toEqual([{ shared_buffers: "32MB" }]);
      await query(first.url, "create table kept (n int); insert into kept values (7)");
    } finally {
      await first.stop();
    }
    const again = await startEmbeddedPostgres({
      dataDir: dir,
      queueSchema: "bullmq",
      logger,
      sharedBuffers: "48MB",
    });
    try {
      expect(await query(again.url, "show shared_buffers")).toEqual([{ shared_buffers: "48MB" }]);
      expect(await query(again.url, "select n from kept")).toEqual([{ n: 7 }]);
    } finally {
      await again.stop();
    }
  });
});
