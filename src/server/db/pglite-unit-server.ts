import net from "node:net";
import type { PGlite } from "@electric-sql/pglite";
import type { Logger } from "../observability/logger.ts";
import { BackendFrames, FrontendFrames, isUnitEnd } from "./pg-wire-frames.ts";

/**
 * PGlite served on a Unix socket to many node-postgres connections, which all share PGlite's
 * one session. pglite-socket's server queues single protocol messages, so one connection's
 * Parse could land between another's Parse and Bind, and after an error the session skipped
 * its neighbours' messages until some Sync ("bind message supplies 1 parameters, but prepared
 * statement "" requires 7"). Here a connection's messages up to Sync / Query / Flush are one
 * unit, run alone; while a connection is inside a transaction (or mid-unit: Flush, COPY), only
 * its units run; a connection that dies holding the session has its work rolled back.
 */
export class PgliteUnitServer {
  private server: net.Server | undefined;
  private readonly connections = new Set<Connection>();
  private readonly ready: Connection[] = [];
  /** The connection that holds the session between units (transaction, Flush, COPY). */
  private owner: Connection | undefined;
  private pumping = false;

  constructor(
    private readonly db: PGlite,
    private readonly options: { path: string; maxConnections: number; logger: Logger },
  ) {}

  async start(): Promise<void> {
    await this.db.waitReady;
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.path, () => {
        server.off("error", reject);
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    for (const c of this.connections) c.socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: net.Socket) {
    if (this.connections.size >= this.options.maxConnections) {
      socket.end(tooManyConnections());
      return;
    }
    const conn = new Connection(socket, (c) => this.schedule(c));
    this.connections.add(conn);
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      conn.closed = true;
      conn.units.length = 0;
      this.connections.delete(conn);
      const i = this.ready.indexOf(conn);
      if (i >= 0) this.ready.splice(i, 1);
      void this.pump();
    });
  }

  private schedule(conn: Connection) {
    if (!this.ready.includes(conn)) this.ready.push(conn);
    void this.pump();
  }

  /** Runs units one at a time: the owner's only while it holds the session, else round-robin. */
  private async pump() {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        if (this.owner?.closed) await this.releaseAbandonedSession();
        const conn = this.owner ?? this.ready.shift();
        if (!conn) break;
        const unit = conn.units.shift();
        if (!unit) {
          // The owner has nothing queued yet: everyone else waits for it.
          if (conn === this.owner) break;
          continue;
        }
        const i = this.ready.indexOf(conn);
        if (i >= 0) this.ready.splice(i, 1);
        await this.run(conn, unit);
        if (conn.units.length > 0 && conn !== this.owner) this.ready.push(conn);
      }
    } finally {
      this.pumping = false;
    }
  }

  private async run(conn: Connection, unit: Unit) {
    const frames = new BackendFrames();
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(unit.bytes, {
          onRawData: (chunk) => {
            frames.feed(chunk);
            if (!conn.closed) conn.socket.write(Buffer.from(chunk));
          },
        }),
      );
    } catch (err) {
      // Not a PostgreSQL error (those are answered on the wire) but PGlite itself failing:
      // drop the connection and hand the session back clean.
      this.options.logger.warn({ err }, "embedded-db.unit-failed");
      conn.socket.destroy();
      conn.closed = true;
      this.owner = conn;
      return;
    }
    // The session is free again once PGlite said ReadyForQuery outside a transaction.
    const idle = unit.startup || (frames.lastType === 0x5a && frames.lastReadyStatus === 0x49);
    this.owner = idle ? undefined : conn;
  }

  /** Its owner is gone mid-transaction or mid-unit: end the unit and roll back, output dropped. */
  private async releaseAbandonedSession() {
    this.owner = undefined;
    const reset = Buffer.concat([SYNC, simpleQuery("ROLLBACK")]);
    try {
      await this.db.runExclusive(() => this.db.execProtocolRawStream(reset, { onRawData: () => {} }));
    } catch (err) {
      this.options.logger.warn({ err }, "embedded-db.session-reset-failed");
    }
  }
}

interface Unit {
  bytes: Uint8Array;
  startup: boolean;
}

/** One client connection: frames its bytes into units and queues them. */
class Connection {
  readonly units: Unit[] = [];
  closed = false;
  private readonly frames = new FrontendFrames();
  private pending: Buffer[] = [];

  constructor(
    readonly socket: net.Socket,
    private readonly onUnit: (c: Connection) => void,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (data) => this.receive(data));
  }

  private receive(data: Buffer) {
    let queued = false;
    for (const message of this.frames.feed(data)) {
      if (message.kind === "ssl-request") {
        this.socket.write("N"); // no TLS on a private Unix socket
      } else if (message.kind === "cancel-request") {
        this.socket.end(); // not supported, as with PostgreSQL's own unknown cancel keys
      } else if (message.kind === "startup") {
        this.units.push({ bytes: message.bytes, startup: true });
        queued = true;
      } else if (message.type === 0x58) {
        this.socket.end(); // Terminate
        return;
      } else {
        this.pending.push(message.bytes);
        if (isUnitEnd(message.type)) {
          this.units.push({ bytes: Buffer.concat(this.pending), startup: false });
          this.pending = [];
          queued = true;
        }
      }
    }
    if (queued) this.onUnit(this);
  }
}

const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);

function simpleQuery(text: string): Buffer {
  const body = Buffer.from(`${text}\u0000`, "utf8");
  const header = Buffer.alloc(5);
  header[0] = 0x51;
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/** An ErrorResponse, as PostgreSQL answers past max_connections. */
function tooManyConnections(): Buffer {
  const fields = Buffer.from("SFATAL\u0000C53300\u0000Msorry, too many clients already\u0000\u0000", "utf8");
  const header = Buffer.alloc(5);
  header[0] = 0x45;
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}
