import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "../../support/backends.ts";

/**
 * A PostgreSQL cluster and a Redis server of the scenario's own, on spare ports, so they can
 * be stopped and started without disturbing other test runs on the shared ones. `why` says
 * why they cannot be had on this machine (the scenario then skips, saying so).
 */
const PG_BIN = fs.existsSync("/usr/lib/postgresql")
  ? fs
      .readdirSync("/usr/lib/postgresql")
      .map((v) => `/usr/lib/postgresql/${v}/bin`)
      .find((d) => fs.existsSync(`${d}/initdb`))
  : undefined;
const HAS_REDIS = (() => {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const ROOT = process.getuid?.() === 0;

export function unavailable(): string | undefined {
  if (!PG_BIN) return "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql";
  if (!HAS_REDIS) return "no redis-server on PATH";
  if (ROOT) {
    try {
      execFileSync("id", ["postgres"], { stdio: "ignore" });
    } catch {
      return "running as root without a postgres user (initdb refuses root)";
    }
  }
  return undefined;
}

/** As the postgres user when we are root (initdb and postgres refuse to run as root). */
function asPg(cmd: string, args: string[]) {
  const [file, argv] = ROOT ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  execFileSync(file, argv, { stdio: ["ignore", "ignore", "inherit"] });
}

export class PrivatePostgres {
  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autodm-chaos-pg-"));
    if (ROOT) execFileSync("chown", ["postgres", dir]);
    asPg(`${PG_BIN}/initdb`, ["-D", `${dir}/data`, "-A", "trust", "-U", "postgres", "--no-sync"]);
    const pg = new PrivatePostgres(dir, await freePort());
    pg.start();
    asPg(`${PG_BIN}/createdb`, ["-h", "127.0.0.1", "-p", String(pg.port), "-U", "postgres", "autodm"]);
    return pg;
  }

  get url() {
    return `postgresql://postgres@127.0.0.1:${this.port}/autodm`;
  }

  start() {
    asPg(`${PG_BIN}/pg_ctl`, [
      "-D",
      `${this.dir}/data`,
      "-l",
      `${this.dir}/log`,
      "-w",
      "-o",
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      "start",
    ]);
  }

  stop() {
    asPg(`${PG_BIN}/pg_ctl`, ["-D", `${this.dir}/data`, "-m", "fast", "-w", "stop"]);
  }

  dispose() {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export class PrivateRedis {
  private child: ChildProcess | undefined;
  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start() {
    this.child = spawn(
      "redis-server",
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    for (let i = 0; i < 100; i++) {
      try {
        execFileSync("redis-cli", ["-p", String(this.port), "ping"], { stdio: "ignore" });
        return;
      } catch {
        await sleep(100);
      }
    }
    throw new Error("the private redis-server did not answer");
  }

  /** As an operator's `redis-cli shutdown nosave`: everything in it is gone. */
  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    try {
      execFileSync("redis-cli", ["-p", String(this.port), "shutdown", "nosave"], { stdio: "ignore" });
    } catch {
      // the connection closes as it shuts down
    }
    await exited;
  }
}
