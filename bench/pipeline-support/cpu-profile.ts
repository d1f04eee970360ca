import fs from "node:fs";
import path from "node:path";

/** A V8 .cpuprofile (what `node --cpu-prof` writes). */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTimeRow {
  fn: string;
  where: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  idleShare: number;
  top: SelfTimeRow[];
  /** Self time grouped by package (node_modules/<name>), our source, node internals, GC… */
  byArea: { area: string; selfMs: number; share: number }[];
}

function areaOf(url: string, fn: string): string {
  if (fn === "(garbage collector)") return "(gc)";
  if (fn === "(idle)" || fn === "(program)" || fn === "(root)") return fn;
  if (!url) return "(native / V8)";
  const nm = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (nm?.[1]) return nm[1];
  if (url.startsWith("node:")) return "node internals";
  if (url.includes("/src/server/")) return "autodm src";
  if (url.includes("/bench/")) return "bench";
  return url.split("/").slice(-2).join("/");
}

/** Self time per function: each sample's time delta goes to the node the sample landed in. */
/**
 * `window`: only the samples between two moments of the monotonic clock (µs, as
 * `process.hrtime` gives it in the profiled process), e.g. a bench's measured phase.
 */
export function summarizeProfile(
  file: string,
  topN = 25,
  window?: { fromUs: number; toUs: number },
): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    const id = profile.samples[i] as number;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byFn = new Map<string, SelfTimeRow>();
  const byArea = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const fn = functionName || "(anonymous)";
    total += us;
    if (fn === "(idle)") idle += us;
    const where = url
      ? `${url.replace(/^file:\/\//, "").replace(`${process.cwd()}/`, "")}:${lineNumber + 1}`
      : "";
    const key = `${fn}@${where}`;
    const row = byFn.get(key) ?? { fn, where, selfMs: 0, share: 0 };
    row.selfMs += us / 1000;
    byFn.set(key, row);
    const area = areaOf(url, fn);
    byArea.set(area, (byArea.get(area) ?? 0) + us / 1000);
  }
  const totalMs = total / 1000;
  const top = [...byFn.values()]
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, topN)
    .map((r) => ({ ...r, share: r.selfMs / totalMs }));
  return {
    file,
    totalMs,
    idleShare: idle / 1000 / totalMs,
    top,
    byArea: [...byArea.entries()]
      .map(([area, selfMs]) => ({ area, selfMs, share: selfMs / totalMs }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, 15),
  };
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export function formatProfile(summary: ProfileSummary): string {
  const lines = [
    `profile ${path.basename(summary.file)}: ${Math.round(summary.totalMs)} ms sampled, idle ${pct(summary.idleShare)}`,
    "",
    "| area | self ms | share |",
    "|---|---:|---:|",
    ...summary.byArea.map((a) => `| ${a.area} | ${Math.round(a.selfMs)} | ${pct(a.share)} |`),
    "",
    "| function | where | self ms | share |",
    "|---|---|---:|---:|",
    ...summary.top.map((r) => `| ${r.fn} | ${r.where} | ${Math.round(r.selfMs)} | ${pct(r.share)} |`),
  ];
  return lines.join("\n");
}

/** `node --import tsx bench/pipeline-support/cpu-profile.ts <file.cpuprofile> [topN]` */
if (process.argv[1] && import.meta.url === `file://${path.resolve(process.argv[1])}`) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: cpu-profile.ts <file.cpuprofile> [topN]");
    process.exit(2);
  }
  console.log(formatProfile(summarizeProfile(file, Number(process.argv[3] ?? 25))));
}
