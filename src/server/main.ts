import { type Config, ConfigError, loadConfig, type Role } from "./config.ts";
import { DataDirLockedError } from "./db/data-dir-lock.ts";
import { createDatabase } from "./db/database.ts";
import { startEmbeddedPostgres } from "./db/embedded-postgres.ts";
import { runMigrations } from "./db/migrate.ts";
import { AppError } from "./errors.ts";
import { type JobName, jobs } from "./jobs/catalog.ts";
import { createLogger, type Logger } from "./observability/logger.ts";
import { startRuntime } from "./runtime.ts";
import { rotateKeyCommand } from "./security/rotate-key-command.ts";

const USAGE = `Usage: autodm <command>

Commands:
  start                      web + worker in one process (embedded database unless DATABASE_URL)
  web                        the HTTP server only (webhooks, API, dashboard)
  worker                     the job workers only
  migrate                    apply database migrations, then exit
  dead-letters [job]         list jobs that failed their last attempt
  retry-dead-letter <job> <id>
                             put a dead letter back in the queue
  rotate-key                 re-encrypt stored tokens under a new key (see TOKEN_ENCRYPTION_KEY)

Configuration comes from the environment; see .env.example.`;

const ROLES: Record<string, Role[]> = { start: ["web", "worker"], web: ["web"], worker: ["worker"] };

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function serveRoles(config: Config, roles: Role[], logger: Logger) {
  const started = performance.now();
  const runtime = await startRuntime(config, roles, logger);
  const ms = Math.round(performance.now() - started);
  if (runtime.url)
    process.stdout.write(`\nautodm ${config.version} is ready at ${runtime.url} (${ms} ms)\n\n`);
  logger.info({ roles, ms }, "runtime.ready");

  let signals = 0;
  const shutdown = async (signal: string) => {
    signals++;
    if (signals > 1) {
      logger.warn({ signal }, "runtime.forced-exit");
      process.exit(130);
    }
    logger.info({ signal }, "runtime.stopping");
    await runtime.stop();
    logger.info({}, "runtime.stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/** A one-shot command: opens the database (embedded or not), runs `fn`, closes. */
async function withDatabase<T>(config: Config, logger: Logger, fn: (url: string) => Promise<T>): Promise<T> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: config.dataDir,
        queueSchema: config.queue.pgSchema,
        sharedBuffers: config.embeddedSharedBuffers,
        logger,
      });
  try {
    return await fn(config.databaseUrl ?? (embedded as NonNullable<typeof embedded>).url);
  } finally {
    await embedded?.stop();
  }
}

function jobName(value: string | undefined): JobName {
  if (!value || !(value in jobs))
    fail(`Unknown job "${value ?? ""}". Jobs: ${Object.keys(jobs).join(", ")}`, 2);
  return value as JobName;
}

async function main(argv: string[]) {
  const [command = "start", ...args] = argv;
  if (command === "help" || command === "--help" || command === "-h")
    return void process.stdout.write(`${USAGE}\n`);

  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError)
      fail(`autodm cannot start: ${err.message}\nSee .env.example for every variable.`);
    throw err;
  }
  const roles = ROLES[command];
  if (roles) return serveRoles(config, roles, createLogger(config));

  // One-shot commands print their result on stdout; their logs only when something is wrong.
  const logger = createLogger({ ...config, log: { ...config.log, level: "warn" } });

  switch (command) {
    case "migrate":
      return withDatabase(config, logger, async (url) => {
        const database = createDatabase(url, { max: 2, applicationName: "autodm-migrate" });
        try {
          await runMigrations(database.pool, {
            logger,
            queueSchema: config.queue.redisUrl ? null : config.queue.pgSchema,
          });
        } finally {
          await database.close();
        }
      });
    case "dead-letters":
    case "retry-dead-letter": {
      const name = jobName(args[0] ?? (command === "dead-letters" ? "demo" : undefined));
      const quiet = { ...config, migrateOnBoot: true, shutdownTimeoutMs: 0 };
      const runtime = await startRuntime(quiet, [], logger);
      try {
        if (command === "dead-letters") {
          process.stdout.write(`${JSON.stringify(await runtime.jobQueue.listDeadLetters(name), null, 2)}\n`);
        } else {
          const id = args[1] ?? fail("Usage: autodm retry-dead-letter <job> <id>", 2);
          await runtime.jobQueue.retryDeadLetter(name, id);
          process.stdout.write(`Retrying ${name}/${id}\n`);
        }
      } finally {
        await runtime.stop();
      }
      return;
    }
    case "rotate-key": {
      const quiet = { ...config, migrateOnBoot: true, shutdownTimeoutMs: 0 };
      try {
        const summary = await rotateKeyCommand(config, async () => {
          const runtime = await startRuntime(quiet, [], logger);
          return { db: runtime.database.db, close: () => runtime.stop() };
        });
        process.stdout.write(`${JSON.stringify(summary)}\n`);
        if (summary.failed.length > 0) process.exitCode = 1;
      } catch (err) {
        if (err instanceof ConfigError) fail(`autodm rotate-key: ${err.message}`);
        throw err;
      }
      return;
    }
    default:
      fail(`Unknown command "${command}".\n\n${USAGE}`, 2);
  }
}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof DataDirLockedError) fail(`autodm cannot start: ${err.message}`);
  if (err instanceof AppError) fail(`autodm: ${err.message}`);
  process.stderr.write(`autodm failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
