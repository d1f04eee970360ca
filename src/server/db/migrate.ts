import path from "node:path";
import { runMigrations as runQueueMigrations } from "bullmq";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type pg from "pg";
import type { Logger } from "../observability/logger.ts";
import { REPO_ROOT } from "../repo-root.ts";

const MIGRATIONS_FOLDER = path.join(REPO_ROOT, "drizzle");

/** An arbitrary constant: "autodm" in ASCII, folded into a bigint. Same in every process. */
const MIGRATION_LOCK_KEY = 0x6175746f646dn;

/**
 * Applies autodm's SQL migrations (and, when the queue lives in Postgres, BullMQ's schema)
 * under a session advisory lock, so N processes booting at once migrate exactly once: the
 * others wait, then find nothing left to do.
 */
export async function runMigrations(
  pool: pg.Pool,
  options: { logger: Logger; queueSchema: string | null },
): Promise<void> {
  const client = await pool.connect();
  const started = performance.now();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY.toString()]);
    try {
      await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
      if (options.queueSchema) await runQueueMigrations(client, options.queueSchema);
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY.toString()]);
    }
    options.logger.info({ ms: Math.round(performance.now() - started) }, "db.migrated");
  } finally {
    client.release();
  }
}
