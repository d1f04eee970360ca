import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import type { Logger } from "../observability/logger.ts";
import { REPO_ROOT } from "../repo-root.ts";
import { type DataDirLock, lockDataDir } from "./data-dir-lock.ts";
import { PgliteUnitServer } from "./pglite-unit-server.ts";

/**
 * The embedded default: PGlite (PostgreSQL in WASM) owned by this process, behind a local
 * Unix socket so that the rest of autodm — and BullMQ — reach it through node-postgres, the
 * same code path as production.
 */
export interface EmbeddedPostgres {
  /** A postgresql:// URL pointing at the private Unix socket. */
  readonly url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** The queue's schema: put on the shared search_path (see below). */
  queueSchema: string;
  logger: Logger;
  /** Above the number of clients (app pool + queue pools + LISTEN clients). */
  maxConnections?: number;
  /** PostgreSQL's shared_buffers (e.g. "32MB"); PGlite's own default is 128MB. */
  sharedBuffers?: string;
}

const INITDB_CHILD = path.join(REPO_ROOT, "src/server/db/pglite-initdb-child.mjs");

/** initdb in a short-lived child process, so its peak memory is returned when it exits. */
async function initInChild(pgDir: string): Promise<void> {
  await promisify(execFile)(process.execPath, [INITDB_CHILD, pgDir], { timeout: 300_000 });
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { dataDir, logger } = options;
  const lock: DataDirLock = lockDataDir(dataDir);
  let db: PGlite | undefined;
  let socketDir: string | undefined;
  try {
    const pgDir = path.join(dataDir, "pg");
    const firstRun = !fs.existsSync(path.join(pgDir, "PG_VERSION"));
    fs.mkdirSync(pgDir, { recursive: true, mode: 0o700 });
    const started = performance.now();
    if (firstRun) await initInChild(pgDir);
    db = await PGlite.create(pgDir, {
      startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${options.sharedBuffers ?? "32MB"}`],
    });
    logger.info({ dataDir, firstRun, ms: Math.round(performance.now() - started) }, "embedded-db.opened");

    // PGlite has one session shared by every socket connection and ignores startup options,
    // so BullMQ cannot pin its search_path per connection as it does on PostgreSQL. Set it
    // once for the whole instance; autodm's own tables are always schema-qualified.
    await db.exec(`SET search_path TO "${options.queueSchema}", public`);

    // A private folder (0700) for the socket: nobody else on the machine can connect.
    socketDir = fs.mkdtempSync(path.join(os.tmpdir(), "autodm-"));
    fs.chmodSync(socketDir, 0o700);
    // Each connection's protocol unit (Parse … Sync) runs alone on the shared session.
    const server = new PgliteUnitServer(db, {
      path: path.join(socketDir, ".s.PGSQL.5432"),
      maxConnections: options.maxConnections ?? 100,
      logger,
    });
    await server.start();

    const url = `postgresql://postgres@${encodeURIComponent(socketDir)}/postgres`;
    const openDb = db;
    const openSocketDir = socketDir;
    return {
      url,
      async stop() {
        await server.stop().catch((err) => logger.warn({ err }, "embedded-db.socket-stop-failed"));
        await openDb.close();
        fs.rmSync(openSocketDir, { recursive: true, force: true });
        lock.release();
        logger.info({ dataDir }, "embedded-db.closed");
      },
    };
  } catch (err) {
    await db?.close().catch(() => {});
    if (socketDir) fs.rmSync(socketDir, { recursive: true, force: true });
    lock.release();
    throw err;
  }
}
