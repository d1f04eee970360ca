import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { freePort } from "../support/cli.ts";

/**
 * autodm as an operator runs it: real `bin/autodm.js` child processes, one per role — `start`
 * (web + worker, embedded PGlite inside) or one `web` and N `worker`s sharing PostgreSQL (+
 * Redis). Each serves /metrics (the worker on WORKER_METRICS_PORT), which is where the bench
 * reads their CPU and SQL statements. Logs (production's level, info) go to /dev/null.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "bin/autodm.js");

export interface AutodmProcess {
  role: "start" | "web" | "worker";
  pid: number;
  metricsUrl: string;
  child: ChildProcess;
}

export interface AutodmFleet {
  /** The web role's base URL. */
  url: string;
  processes: AutodmProcess[];
  /** SIGTERM each (graceful drain), SIGKILL after 30 s. */
  stop(): Promise<void>;
}

export interface FleetOptions {
  /** autodm's environment (config.ts variables), shared by every process. */
  env: Record<string, string>;
  /** 0: one `autodm start` process (the only choice embedded); N ≥ 1: one web + N workers. */
  workers: number;
  port: number;
  /** Extra node flags (e.g. --cpu-prof), for every process. */
  execArgv?: string[];
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`autodm exited with ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url}/health did not answer within ${timeoutMs} ms`);
}

function spawnRole(role: AutodmProcess["role"], env: Record<string, string>, execArgv: string[]) {
  return spawn(process.execPath, [...execArgv, BIN, role], {
    cwd: ROOT,
    // A clean environment: only what autodm is given (no DATABASE_URL leaking from the shell).
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Starts the web (or start) process, waits for it (it runs the migrations), then the workers. */
export async function startFleet(options: FleetOptions): Promise<AutodmFleet> {
  const url = `http://127.0.0.1:${options.port}`;
  const execArgv = options.execArgv ?? [];
  const base = { ...options.env, HOST: "127.0.0.1", PORT: String(options.port), APP_URL: url };
  const processes: AutodmProcess[] = [];
  const fleet: AutodmFleet = {
    url,
    processes,
    stop: async () => {
      // Web first (stop accepting), then the workers drain.
      for (const p of processes) await stopChild(p.child);
    },
  };
  try {
    const first = spawnRole(options.workers === 0 ? "start" : "web", base, execArgv);
    processes.push({
      role: options.workers === 0 ? "start" : "web",
      pid: first.pid ?? -1,
      metricsUrl: `${url}/metrics`,
      child: first,
    });
    await waitHealthy(url, first);
    await Promise.all(
      Array.from({ length: options.workers }, async () => {
        const metricsPort = await freePort();
        const child = spawnRole(
          "worker",
          { ...base, WORKER_METRICS_PORT: String(metricsPort), MIGRATE_ON_BOOT: "false" },
          execArgv,
        );
        const ops = `http://127.0.0.1:${metricsPort}`;
        processes.push({ role: "worker", pid: child.pid ?? -1, metricsUrl: `${ops}/metrics`, child });
        await waitHealthy(ops, child);
      }),
    );
    return fleet;
  } catch (err) {
    await fleet.stop();
    throw err;
  }
}

/**
 * The embedded database's socket, for the bench's read-only probes: autodm puts it in a
 * private folder under its TMPDIR, which the bench chose (`tmpDir`), so it is the one there.
 */
export function embeddedDatabaseUrl(tmpDir: string): string {
  const dir = fs
    .readdirSync(tmpDir)
    .map((name) => path.join(tmpDir, name))
    .find((d) => path.basename(d).startsWith("autodm-") && fs.existsSync(path.join(d, ".s.PGSQL.5432")));
  if (!dir) throw new Error(`no embedded database socket under ${tmpDir}`);
  return `postgresql://postgres@${encodeURIComponent(dir)}/postgres`;
}
