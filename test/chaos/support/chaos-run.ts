import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { it } from "vitest";

/**
 * The chaos suite's settings and its report. CHAOS_SHORT=1 runs the short version (what CI
 * runs: smaller counts, fewer rounds); CHAOS_SEED replays a fuzz run. Each scenario prints its
 * figures on stderr and appends them, with the date, commit and machine load, to
 * test/chaos/results/figures.jsonl (docs/reliability.md's table is filled from it).
 */
export const SHORT = process.env.CHAOS_SHORT === "1";

/** `full` normally, `short` with CHAOS_SHORT=1. */
export const pick = (full: number, short: number) => (SHORT ? short : full);

export const SEED = process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : Date.now() % 2_147_483_647;

/** mulberry32: small, fast and good enough to replay a fuzz run from its seed. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

const RESULTS = path.join(path.dirname(fileURLToPath(import.meta.url)), "../results/figures.jsonl");

function commit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

export const load = () => os.loadavg().map((v) => Math.round(v * 100) / 100);

/** Prints a scenario's figures and records them for docs/reliability.md. */
export function report(scenario: string, figures: Record<string, unknown>): void {
  const line = {
    scenario,
    at: new Date().toISOString(),
    commit: commit(),
    short: SHORT,
    load: load(),
    cpus: os.cpus().length,
    ...figures,
  };
  process.stderr.write(`[chaos] ${scenario}: ${JSON.stringify(figures)} (load ${line.load.join(" ")})\n`);
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.appendFileSync(RESULTS, `${JSON.stringify(line)}\n`);
}

/** Progress on stderr, with the seconds since the scenario started. */
export function progress(scenario: string) {
  const t0 = Date.now();
  return (what: string) =>
    process.stderr.write(`[chaos ${scenario} ${((Date.now() - t0) / 1000).toFixed(0)}s] ${what}\n`);
}

/** A child's resident memory in MB, from /proc (Linux), or null. */
export function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
  } catch {
    return null;
  }
}

/**
 * A scenario that fails until a fix lands elsewhere: it still runs and reports its figures.
 * Only a failed expectation (the loss, duplicate or status the fix is for) counts as the
 * expected failure; anything else — autodm not starting, a harness error — fails the suite, so
 * a broken harness cannot hide behind the mark. Once the scenario passes it fails too: the
 * signal to drop the mark.
 */
export function untilFixed(reason: string) {
  process.stderr.write(`[chaos] expected to fail until ${reason}\n`);
  return (name: string, body: () => Promise<void>, timeout?: number) =>
    it(
      name,
      async () => {
        try {
          await body();
        } catch (error) {
          if (!(error instanceof Error) || error.name !== "AssertionError") throw error;
          process.stderr.write(`[chaos] failed as expected: ${error.message.split("\n")[0]}\n`);
          return;
        }
        throw new Error(`passes now: remove untilFixed("${reason}")`);
      },
      timeout,
    );
}
