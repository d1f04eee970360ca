import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { createApp, createOpsApp } from "./app.ts";
import type { Config, Role } from "./config.ts";
import { createDatabase, type Database } from "./db/database.ts";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./db/embedded-postgres.ts";
import { runMigrations } from "./db/migrate.ts";
import { installStatementCounter } from "./db/statement-counter.ts";
import {
  type MetaTargets,
  SANDBOX_APP_ID,
  sandboxAppSecret,
  sandboxMetaConfig,
  sandboxUrl,
} from "./instagram/meta-endpoints.ts";
import { jobs } from "./jobs/catalog.ts";
import { jobHandlers } from "./jobs/handlers/job-handlers.ts";
import { JobQueue } from "./jobs/job-queue.ts";
import { createQueueBackend } from "./jobs/queue-backend.ts";
import type { Logger } from "./observability/logger.ts";
import { createMetrics } from "./observability/metrics.ts";
import { createSandbox } from "./sandbox/index.ts";
import { loadKeyRing } from "./security/encryption-keys.ts";
import { createTokenVault } from "./security/token-vault.ts";
import { sweepPendingMailboxes } from "./worker/person-mailbox.ts";
import { createPipeline } from "./worker/pipeline.ts";

export interface Runtime {
  /** Where the web role listens (absent for a worker-only process). */
  readonly url: string | undefined;
  readonly database: Database;
  readonly jobQueue: JobQueue;
  /** The HTTP app of this process (for introspection: the route list, the OpenAPI check). */
  readonly app: Hono | undefined;
  /** Its HTTP server (for introspection: the timeouts it was given). */
  readonly httpServer: import("node:http").Server | undefined;
  /** Stop accepting, drain in-flight jobs (bounded by SHUTDOWN_TIMEOUT_MS), close. */
  stop(): Promise<void>;
}

/**
 * Boots the given roles in this process. `start` = both roles on one database; `web` and
 * `worker` split them across processes that share one Postgres (+ Redis).
 */
export async function startRuntime(config: Config, roles: Role[], logger: Logger): Promise<Runtime> {
  const cleanups: (() => Promise<unknown>)[] = [];
  let stopping: Promise<void> | undefined;
  const cleanup = () => {
    stopping ??= (async () => {
      for (const fn of [...cleanups].reverse()) {
        await fn().catch((err) => logger.warn({ err }, "runtime.cleanup-failed"));
      }
    })();
    return stopping;
  };
  installStatementCounter(); // autodm_sql_statements_total: the cost model's round-trip count
  try {
    let databaseUrl = config.databaseUrl;
    let embedded: EmbeddedPostgres | undefined;
    if (!databaseUrl) {
      embedded = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        queueSchema: config.queue.pgSchema,
        sharedBuffers: config.embeddedSharedBuffers,
        logger,
      });
      cleanups.push(() => embedded?.stop() ?? Promise.resolve());
      databaseUrl = embedded.url;
    }

    const database = createDatabase(databaseUrl, {
      max: config.dbPoolMax,
      applicationName: `autodm-${roles.join("+")}`,
    });
    cleanups.push(() => database.close());
    if (config.migrateOnBoot) {
      await runMigrations(database.pool, {
        logger,
        queueSchema: config.queue.redisUrl ? null : config.queue.pgSchema,
      });
    }

    const keyRing = loadKeyRing({ tokenEncryptionKey: config.tokenEncryptionKey, dataDir: config.dataDir });
    for (const warning of keyRing.warnings) logger.warn({ warning }, "token-keys.warning");
    const vault = createTokenVault(keyRing);
    const meta: MetaTargets = {
      real: config.meta,
      sandbox: config.sandbox.enabled ? sandboxMetaConfig(config, keyRing) : undefined,
    };

    const metrics = createMetrics();
    const backend = createQueueBackend({
      redisUrl: config.queue.redisUrl,
      databaseUrl,
      prefix: config.queue.prefix,
      pgSchema: config.queue.pgSchema,
      poolMax: Object.keys(jobs).length + config.dbPoolMax,
      embedded: !config.queue.redisUrl && (await database.isPglite()),
    });
    const jobQueue = new JobQueue(backend, {
      logger,
      metrics,
      concurrency: config.queue.concurrency,
      lockMs: config.queue.lockMs,
    });
    const pipeline = createPipeline({ config, logger, metrics, database, jobQueue, vault, meta, keyRing });

    let queueClosed = false;
    const closeQueue = async () => {
      if (queueClosed) return;
      queueClosed = true;
      const { drained } = await jobQueue.close(config.shutdownTimeoutMs);
      if (roles.includes("worker"))
        logger.info({ drained }, drained ? "worker.drained" : "worker.drain-timeout");
    };
    cleanups.push(closeQueue);

    if (roles.includes("worker")) {
      const handler = pipeline.eventHandler();
      jobQueue.startWorkers(
        jobHandlers({ config, logger, database, jobQueue, vault, meta, pipeline, handler }),
      );
      const schedule = async () => {
        await jobQueue.schedule("refreshTokens", {}, 24 * 3600_000);
        await jobQueue.schedule("sweepPending", {}, 60_000);
        await jobQueue.schedule("pruneRetention", {}, 24 * 3600_000);
      };
      await schedule();
      // Redis back after an outage may be an empty Redis (a restart without persistence): the
      // schedules and the mailbox jobs it held are gone, while their events wait in PostgreSQL
      // as pending. Before, the sweeper's schedule was gone with them and those events were
      // never answered (chaos services-restart: 3 lost). So: the schedules again, and at once
      // a sweep of every mailbox with pending events (a mailbox job is deduplicated, so one
      // that did survive is not doubled).
      jobQueue.onReconnect(() => {
        logger.info({}, "queue.reconnected");
        schedule()
          .then(() =>
            sweepPendingMailboxes({ events: pipeline.events, parked: pipeline.parked, jobQueue }, 0),
          )
          .then((people) => logger.info({ people }, "queue.resweep"))
          .catch((err) => logger.warn({ err }, "queue.resweep-failed"));
      });
      logger.info({ backend: backend.kind, concurrency: config.queue.concurrency }, "worker.started");
    }

    // The simulated Instagram lives with the web role (several web processes share its state).
    const sandbox =
      config.sandbox.enabled && roles.includes("web")
        ? createSandbox({
            db: database.db,
            logger: logger.child({ component: "sandbox" }),
            publicUrl: sandboxUrl(config),
            graphVersion: config.meta.graphVersion,
            app: { id: SANDBOX_APP_ID, secret: sandboxAppSecret(keyRing) },
            webhookUrl: `${config.http.appUrl}/webhooks/instagram`,
          })
        : undefined;

    let url: string | undefined;
    let httpApp: Hono | undefined;
    let httpServer: import("node:http").Server | undefined;
    const services = {
      config,
      logger,
      metrics,
      database,
      jobQueue,
      vault,
      meta,
      pipeline,
      sandboxRoutes: sandbox?.routes,
      queuePing: () => backend.ping(),
    };
    const serveOn = roles.includes("web") ? config.http.port : config.workerMetricsPort;
    if (serveOn !== undefined && roles.length > 0) {
      const app = roles.includes("web") ? createApp(services) : createOpsApp(services);
      httpApp = app as unknown as Hono;
      const server = await listen(app.fetch, config.http.host, serveOn);
      httpServer = server as import("node:http").Server;
      cleanups.push(() => closeServer(server));
      const port = (server.address() as AddressInfo).port;
      url =
        serveOn === 0 || !roles.includes("web") ? `http://${config.http.host}:${port}` : config.http.appUrl;
      logger.info({ url, port }, roles.includes("web") ? "web.listening" : "worker.metrics-listening");
    }
    if (sandbox) {
      sandbox.start();
      cleanups.push(() => sandbox.stop());
    }

    // Order on stop: HTTP first (stop accepting), then drain the workers, then the database.
    return {
      url,
      database,
      jobQueue,
      app: httpApp,
      httpServer,
      stop: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

type NodeServer = ReturnType<typeof serve>;

/** Above the usual 60 s idle timeout of load balancers and proxies in front of autodm. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** A whole request (headers and a ≤ 1 MB body) from a slow client. */
const REQUEST_TIMEOUT_MS = 120_000;

function listen(fetch: (req: Request) => Response | Promise<Response>, hostname: string, port: number) {
  return new Promise<NodeServer>((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolve(server));
    server.once("error", reject);
    if ("keepAliveTimeout" in server) {
      // Node's defaults close an idle keep-alive connection after 5 s: sooner than a load
      // balancer's or a client's idle limit (60 s is usual), so the server closed connections
      // the other side was about to reuse (ECONNRESET under the chaos fuzz, issue 19). The
      // server keeps them longer than its peers; the headers timeout must exceed it.
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
      server.requestTimeout = REQUEST_TIMEOUT_MS;
    }
  });
}

/** Stop accepting; give open requests a moment, then cut what is left (idle keep-alives first). */
function closeServer(server: NodeServer) {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    if ("closeIdleConnections" in server) server.closeIdleConnections();
    setTimeout(() => {
      if ("closeAllConnections" in server) server.closeAllConnections();
    }, 2_000).unref();
  });
}
