import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { freePort, warnIfBusy } from "./support/cli.ts";
import { machine } from "./support/report.ts";

/**
 * `npm run bench:memory`: idle RSS of `autodm start` (web + worker on embedded PGlite, the
 * default `npm start` runs), on a fresh data folder and again on the same folder reused. The
 * process is started as `npm start` starts it (bin/autodm.js), left idle, then its RSS (and
 * peak, VmHWM) is read from /proc. Options: --idle-seconds N (default 15), --runs N (default 1).
 */

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_DIR = path.join(ROOT, "bench", "results");
const progress = (message: string) => console.error(`[bench:memory] ${message}`);

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} expects a positive number`);
  return value;
}

/** RSS and peak RSS of `pid` plus its descendants, in MB. */
function memoryOf(pid: number): { rssMb: number; peakMb: number; processes: number } {
  const pids = [pid, ...descendants(pid)];
  let rss = 0;
  let peak = 0;
  for (const p of pids) {
    const status = fs.readFileSync(`/proc/${p}/status`, "utf8");
    rss += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    peak += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return { rssMb: Math.round(rss / 1024), peakMb: Math.round(peak / 1024), processes: pids.length };
}

function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
  return children.flatMap((c) => [c, ...descendants(c)]);
}

async function measure(dataDir: string, idleSeconds: number) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, "bin", "autodm.js"), "start"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  try {
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`autodm exited (${child.exitCode}): ${stderr.slice(-2000)}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (performance.now() - started > 120_000) throw new Error("autodm not healthy after 120 s");
      await sleep(200);
    }
    const readyMs = Math.round(performance.now() - started);
    await sleep(idleSeconds * 1000);
    return { readyMs, ...memoryOf(child.pid as number) };
  } finally {
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(20_000).then(() => child.kill("SIGKILL"))]);
  }
}

async function main() {
  const idleSeconds = flag("idle-seconds", 15);
  const runs = flag("runs", 1);
  warnIfBusy(progress);
  const startedAt = new Date();
  const rows: { run: number; dataDir: "fresh" | "reused"; readyMs: number; rssMb: number; peakMb: number }[] =
    [];
  for (let run = 1; run <= runs; run++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "autodm-memory-"));
    try {
      for (const kind of ["fresh", "reused"] as const) {
        progress(`run ${run}: ${kind} data folder, idle ${idleSeconds} s…`);
        const m = await measure(dataDir, idleSeconds);
        rows.push({ run, dataDir: kind, readyMs: m.readyMs, rssMb: m.rssMb, peakMb: m.peakMb });
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `memory-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  const body = {
    benchmark: "memory",
    startedAt: startedAt.toISOString(),
    machine: machine(),
    idleSeconds,
    rows,
  };
  fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  progress(`raw results: ${path.relative(ROOT, file)}`);
  console.log("| run | data folder | ready (ms) | idle RSS (MB) | peak RSS (MB) |");
  console.log("|---|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.run} | ${r.dataDir} | ${r.readyMs} | ${r.rssMb} | ${r.peakMb} |`);
}

await main();
