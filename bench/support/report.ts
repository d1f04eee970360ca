import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BACKEND_LABELS, type BackendName } from "./backends.ts";
import type { QueueBenchOptions } from "./options.ts";
import type { PhaseResult } from "./queue-phases.ts";

export type BackendResult = { backend: BackendName } & (
  | {
      status: "ok";
      /** Provisioning + runtime boot (PGlite: initdb; all: migrations). */
      setupMs: number;
      /** Server version as the database reports it. */
      databaseVersion: string;
      clock: { offsetMs: number; uncertaintyMs: number };
      throughput: PhaseResult;
      /** null when the low-load phase was skipped (--low-load-jobs 0). */
      lowLoad: PhaseResult | null;
    }
  | { status: "skipped"; reason: string }
  | { status: "failed"; error: string }
);

const ms = (v: number) => `${Math.round(v)} ms`;

/** An error message fit for a table cell: one line, no column separators, bounded. */
function oneLine(message: string): string {
  const flat = message.replace(/\s+/g, " ").replace(/\|/g, "\\|").trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}

const HEADER = [
  "backend",
  "jobs",
  "throughput (jobs/s)",
  "enqueue→start p50",
  "p99",
  "low-load p50",
  "low-load p99",
];

function row(result: BackendResult): string[] {
  const label = BACKEND_LABELS[result.backend];
  if (result.status !== "ok") {
    const why =
      result.status === "skipped" ? `skipped (${result.reason})` : `failed: ${oneLine(result.error)}`;
    return [label, "–", why, "", "", "", ""];
  }
  const { throughput: t, lowLoad: l } = result;
  return [
    label,
    String(t.jobs),
    String(Math.round(t.jobsPerSecond)),
    ms(t.enqueueToStart.p50),
    ms(t.enqueueToStart.p99),
    l ? ms(l.enqueueToStart.p50) : "–",
    l ? ms(l.enqueueToStart.p99) : "–",
  ];
}

/** One Markdown table, columns padded so it also reads well in a terminal. */
export function markdownTable(results: BackendResult[]): string {
  const rows = [HEADER, ...results.map(row)];
  const widths = HEADER.map((_, c) => Math.max(3, ...rows.map((r) => (r[c] ?? "").length)));
  const w = (c: number) => widths[c] ?? 0;
  const line = (cells: string[]) =>
    `| ${cells.map((cell, c) => (c === 0 ? cell.padEnd(w(c)) : cell.padStart(w(c)))).join(" | ")} |`;
  // Spaced like the other rows, as Biome formats Markdown tables: the output pastes as is.
  const rule = line(widths.map((w, c) => (c === 0 ? "-".repeat(w) : `${"-".repeat(w - 1)}:`)));
  return [line(HEADER), rule, ...rows.slice(1).map(line)].join("\n");
}

export function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    /** 1-, 5- and 15-minute load averages when the results were written. */
    loadAverage: os.loadavg().map((v) => Math.round(v * 100) / 100),
  };
}

/** Raw figures for later comparison; bench/results/ is git-ignored. Returns the file's path. */
export function writeResults(
  dir: string,
  startedAt: Date,
  options: QueueBenchOptions,
  results: BackendResult[],
): string {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  const file = path.join(dir, `queue-${stamp}.json`);
  // The service URLs could carry passwords: record only which backends and settings ran.
  const { services: _services, ...settings } = options;
  const body = {
    benchmark: "queue",
    startedAt: startedAt.toISOString(),
    machine: machine(),
    settings,
    results,
  };
  fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}
