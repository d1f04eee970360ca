/**
 * The simulated Instagram in a process of its own, as Meta is in production: the latency
 * benchmark runs it beside autodm so that Meta's share of the work (its Graph API, its webhook
 * sender) does not queue behind autodm's on one event loop. Its database is its own (autodm's
 * migrations, applied here): Meta's storage is not autodm's cost. Env: DATABASE_URL,
 * SANDBOX_PORT, WEBHOOK_URL.
 * Prints `{"ready": url}` on stdout once listening; stops on SIGTERM.
 */
import pino from "pino";
import { createDatabase } from "../../src/server/db/database.ts";
import { runMigrations } from "../../src/server/db/migrate.ts";
import { createLogger } from "../../src/server/observability/logger.ts";
import { startSandboxServer } from "../../src/server/sandbox/index.ts";
import { TEST_APP } from "../../test/support/sandbox-test-kit.ts";

const env = process.env;
const database = createDatabase(env.DATABASE_URL as string, { max: 10, applicationName: "bench-sandbox" });
const logger = createLogger(
  { log: { level: "warn", format: "json" }, version: "bench" },
  pino.destination({ dest: 2, sync: false }),
);
await runMigrations(database.pool, { logger, queueSchema: null });
const server = await startSandboxServer({
  db: database.db,
  logger,
  graphVersion: "v24.0",
  app: TEST_APP,
  webhookUrl: env.WEBHOOK_URL as string,
  port: Number(env.SANDBOX_PORT),
});
process.stdout.write(`${JSON.stringify({ ready: server.url })}\n`);
process.once("SIGTERM", () => {
  void server
    .stop()
    .then(() => database.close())
    .finally(() => process.exit(0));
});
