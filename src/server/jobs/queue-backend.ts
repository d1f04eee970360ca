import {
  type WorkerOptions as BullWorkerOptions,
  createPostgresBackend,
  type Processor,
  Queue as RedisQueue,
  Worker as RedisWorker,
  withBackend,
} from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";

/**
 * BullMQ on Redis when REDIS_URL is set, otherwise BullMQ's PostgreSQL backend in autodm's own
 * database. Both expose the same Queue / Worker API; only construction differs.
 */
export type QueueBackendKind = "redis" | "postgres";

export interface QueueBackendOptions {
  redisUrl: string | undefined;
  databaseUrl: string;
  /** Redis key prefix (Redis) — the Postgres backend namespaces by schema instead. */
  prefix: string;
  pgSchema: string;
  /** Postgres backend: clients shared by all queues and workers (one per worker is held for LISTEN). */
  poolMax: number;
  /** Embedded PGlite: relay NOTIFY between this process's clients (see relayNotifications). */
  embedded?: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: BullMQ's generic class types differ per backend
type AnyQueue = RedisQueue<any, any, string>;
// biome-ignore lint/suspicious/noExplicitAny: as above
type AnyWorker = RedisWorker<any, any, string>;
type WorkerOptions = Omit<BullWorkerOptions, "connection">;

export interface QueueBackend {
  readonly kind: QueueBackendKind;
  createQueue(name: string): AnyQueue;
  createWorker(name: string, processor: Processor, options: WorkerOptions): AnyWorker;
  /** true when the backend answers within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<boolean>;
  /**
   * false when the producers' connection is known to be down (Redis: not `ready`): an enqueue
   * then fails at once instead of waiting in ioredis's offline queue for the server to return.
   */
  connected(): boolean;
  /**
   * `listener` runs each time the producers' connection is ready again after being lost (Redis).
   * A Redis that restarted may have lost its content (no persistence, a failover): queued jobs and
   * the recurring schedules live there, so the worker rebuilds them from PostgreSQL then.
   */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timeout")), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export function createQueueBackend(options: QueueBackendOptions): QueueBackend {
  return options.redisUrl ? redisBackend(options.redisUrl, options.prefix) : postgresBackend(options);
}

function redisBackend(url: string, prefix: string): QueueBackend {
  const connections: Redis[] = [];
  const connect = () => {
    // BullMQ requires maxRetriesPerRequest: null for blocking commands.
    const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
    redis.on("error", () => {}); // surfaced through ping() / job failures, not a crash
    connections.push(redis);
    return redis;
  };
  const shared = connect();
  let lost = false;
  shared.on("close", () => {
    lost = true;
  });
  const reconnectListeners: (() => void)[] = [];
  shared.on("ready", () => {
    if (!lost) return; // the first connection
    lost = false;
    for (const listener of reconnectListeners) listener();
  });
  return {
    kind: "redis",
    onReconnect: (listener) => {
      reconnectListeners.push(listener);
    },
    createQueue: (name) => new RedisQueue(name, { connection: shared, prefix }),
    createWorker: (name, processor, opts) =>
      new RedisWorker(name, processor, { ...opts, connection: connect(), prefix }),
    connected: () => shared.status === "ready",
    async ping(timeoutMs = 2_000) {
      try {
        return (await withTimeout(shared.ping(), timeoutMs)) === "PONG";
      } catch {
        return false;
      }
    },
    async close() {
      // quit() waits for a reply that never comes when Redis is unreachable.
      await Promise.all(
        connections.map((c) =>
          c.status === "ready" ? c.quit().catch(() => c.disconnect()) : c.disconnect(),
        ),
      );
    },
  };
}

function postgresBackend(options: QueueBackendOptions): QueueBackend {
  const { Queue, Worker } = withBackend(createPostgresBackend);
  // One pool for every queue and worker of this process: each worker holds one client for
  // LISTEN, the rest serve short queries. Migrations were applied beforehand (db/migrate.ts).
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolMax,
    options: `-c search_path="${options.pgSchema}"`,
    application_name: "autodm-queue",
  });
  pool.on("error", () => {}); // an idle client's error: the next query reconnects
  pool.setMaxListeners(0); // every queue and worker of the catalog listens on this one pool
  if (options.embedded) relayNotifications(pool);
  let probe: AnyQueue | undefined;
  return {
    kind: "postgres",
    createQueue: (name) => new Queue(name, { connection: pool }) as unknown as AnyQueue,
    createWorker: (name, processor, opts) =>
      new Worker(name, processor as never, { ...opts, connection: pool }) as unknown as AnyWorker,
    // The queue's tables are in autodm's own database: what it held comes back with it.
    onReconnect: () => {},
    connected: () => true, // a query fails fast when PostgreSQL is down (connection refused)
    async ping(timeoutMs = 2_000) {
      probe ??= new Queue("health-probe", { connection: pool }) as unknown as AnyQueue;
      try {
        await withTimeout(probe.getJobCounts("waiting"), timeoutMs);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await probe?.close();
      await pool.end();
    },
  };
}

const RELAYED = Symbol("relayed");

/**
 * PGlite has one session shared by every socket connection, so a NOTIFY comes back in the
 * stream of the connection that issued it, never to the one that LISTENs: BullMQ's workers
 * would only find new jobs by polling (seconds). In embedded mode every client is in this
 * process, so a notification any client receives is re-emitted on the others.
 */
function relayNotifications(pool: pg.Pool) {
  const clients = new Set<pg.PoolClient>();
  pool.on("connect", (client) => {
    clients.add(client);
    client.on("end", () => clients.delete(client));
    client.on("notification", (message: pg.Notification & { [RELAYED]?: true }) => {
      if (message[RELAYED]) return;
      for (const other of clients) {
        if (other !== client) other.emit("notification", { ...message, [RELAYED]: true });
      }
    });
  });
}
