import { randomBytes } from "node:crypto";
import os from "node:os";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/server/config.ts";
import { createLogger } from "../src/server/observability/logger.ts";
import { type Runtime, startRuntime } from "../src/server/runtime.ts";
import { type Api, authenticate } from "../test/support/burst.ts";
import { type BackendName, provisionBackend, type Services, UnreachableError } from "./support/backends.ts";
import { freePort, readOptions, warnIfBusy } from "./support/cli.ts";

/**
 * `npm run bench:leads`: GET /api/leads/export.csv of one workspace holding N leads (default
 * 100,000), over HTTP against an in-process web role, on embedded PGlite and PostgreSQL. The
 * leads are written in bulk with SQL. Each export is read to the end by a client that only
 * counts bytes and records (no buffering), while the process's RSS is sampled every 10 ms:
 * the figure is the peak above the RSS just before the request (after a GC), so it is what the
 * export costs — database driver, serializer and socket buffers; with PGlite the database
 * itself runs in this process too. Goal (issue 18): ≤ 5 s and ≤ +50 MB on PostgreSQL.
 */
const USAGE = `npm run bench:leads -- [flags]

  --leads N           leads in the workspace (default 100000)
  --runs N            exports measured per backend after the first (default 3)
  --backends a,b      of pglite,postgres (default both)

  BENCH_DATABASE_URL  default postgresql://postgres@127.0.0.1:5432/test`;

const LABELS: Partial<Record<BackendName, string>> = { pglite: "embedded PGlite", postgres: "PostgreSQL" };
const progress = (message: string) => console.error(`[bench:leads] ${message}`);
const silent = createLogger({ log: { level: "silent", format: "json" }, version: "bench" });

interface Options {
  leads: number;
  runs: number;
  backends: BackendName[];
  services: Services;
}

function parseOptions(): Options | "help" {
  const { values } = parseArgs({
    options: {
      leads: { type: "string" },
      runs: { type: "string" },
      backends: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  const int = (name: string, raw: string | undefined, fallback: number) => {
    if (raw === undefined) return fallback;
    const v = Number(raw);
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
    return v;
  };
  const backends = (values.backends ?? "pglite,postgres").split(",") as BackendName[];
  for (const b of backends)
    if (b !== "pglite" && b !== "postgres") throw new Error(`--backends: unknown backend ${b}`);
  return {
    leads: int("leads", values.leads, 100_000),
    runs: int("runs", values.runs, 3),
    backends,
    services: {
      databaseUrl: process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
      redisUrl: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379",
    },
  };
}

/** N leads with the shapes a real list has: emails, some phones, tags, custom fields, quotes. */
async function seed(runtime: Runtime, workspaceId: string, count: number) {
  const pool = runtime.database.pool;
  // In slices, so PGlite's single backend is not asked for one 100,000-row statement.
  for (let from = 1; from <= count; from += 20_000) {
    await pool.query(
      `insert into autodm.leads (workspace_id, name, username, email, phone, source, tags, fields, notes,
         created_at, updated_at)
       select $1, 'Bench Lead ' || g, 'bench_' || g, 'bench' || g || '@example.test',
         case when g % 3 = 0 then '+1415555' || lpad((g % 10000)::text, 4, '0') end,
         (case when g % 2 = 0 then 'import' else 'website' end)::autodm.lead_source,
         case when g % 5 = 0 then array['vip', 'spring sale'] else '{}'::text[] end,
         case when g % 4 = 0 then jsonb_build_object('city', 'Lyon', 'plan', 'pro') else '{}'::jsonb end,
         case when g % 10 = 0 then 'said "call me", after 6pm' end,
         now() - g * interval '1 second', now() - g * interval '1 second'
       from generate_series($2::int, $3::int) g`,
      [workspaceId, from, Math.min(count, from + 19_999)],
    );
  }
  await pool.query("analyze autodm.leads");
}

interface Run {
  ms: number;
  rssDeltaMb: number;
  bytes: number;
  records: number;
}

async function exportOnce(api: Api): Promise<Run> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const t0 = performance.now();
  const res = await fetch(`${api.base}/api/leads/export.csv`, { headers: api.headers });
  if (res.status !== 200) throw new Error(`export → ${res.status}: ${await res.text()}`);
  let bytes = 0;
  let records = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    // The seed has no line breaks inside cells: every LF ends a record.
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) records++;
  }
  const ms = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { ms, rssDeltaMb: (peak - before) / 1024 / 1024, bytes, records: records - 1 };
}

async function runBackend(name: BackendName, options: Options) {
  const backend = await provisionBackend(name, options.services);
  let runtime: Runtime | undefined;
  try {
    const port = await freePort();
    const config = loadConfig({
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      AUTH_SECRET: randomBytes(32).toString("base64"),
      ...backend.env,
    });
    runtime = await startRuntime(config, ["web"], silent);
    const api = await authenticate(runtime.url as string);
    const me = await api.json<{ workspace: { id: string } }>("GET", "/api/me");
    const t0 = Date.now();
    await seed(runtime, me.workspace.id, options.leads);
    progress(`${name}: ${options.leads} leads seeded in ${Date.now() - t0} ms`);
    const warm = await exportOnce(api);
    if (warm.records !== options.leads) throw new Error(`exported ${warm.records} of ${options.leads}`);
    const runs: Run[] = [];
    for (let i = 0; i < options.runs; i++) {
      const run = await exportOnce(api);
      progress(`${name}: ${run.ms.toFixed(0)} ms, +${run.rssDeltaMb.toFixed(1)} MB RSS`);
      runs.push(run);
    }
    progress(`${name}: first export ${warm.ms.toFixed(0)} ms, +${warm.rssDeltaMb.toFixed(1)} MB RSS`);
    return { warm, runs };
  } finally {
    await runtime?.stop();
    await backend.dispose();
  }
}

async function main(): Promise<number> {
  const options = readOptions(parseOptions, USAGE);
  if (typeof options === "number") return options;
  warnIfBusy(progress);
  const loadBefore = os.loadavg()[0] ?? 0;
  const lines = [
    "| backend | leads | file | first export: time, peak RSS delta | then: time (median / worst) | then: peak RSS delta (median / worst) |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const name of options.backends) {
    try {
      const { warm, runs } = await runBackend(name, options);
      const med = <K extends "ms" | "rssDeltaMb">(k: K) =>
        [...runs].sort((a, b) => a[k] - b[k])[Math.floor(runs.length / 2)]?.[k] ?? 0;
      const worst = <K extends "ms" | "rssDeltaMb">(k: K) => Math.max(...runs.map((r) => r[k]));
      lines.push(
        `| ${LABELS[name]} | ${options.leads.toLocaleString("en")} | ${((runs[0]?.bytes ?? 0) / 1024 / 1024).toFixed(1)} MB | ${(warm.ms / 1000).toFixed(2)} s, +${warm.rssDeltaMb.toFixed(1)} MB | ${(med("ms") / 1000).toFixed(2)} s / ${(worst("ms") / 1000).toFixed(2)} s | +${med("rssDeltaMb").toFixed(1)} MB / +${worst("rssDeltaMb").toFixed(1)} MB |`,
      );
    } catch (err) {
      if (err instanceof UnreachableError)
        lines.push(`| ${LABELS[name]} | skipped: ${err.message} | | | | |`);
      else throw err;
    }
  }
  console.log(lines.join("\n"));
  console.log(
    `\nThe first export of a fresh process, then ${options.runs} more; load average ${loadBefore.toFixed(2)} before, ${(os.loadavg()[0] ?? 0).toFixed(2)} after, on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}).`,
  );
  return 0;
}

process.exitCode = await main();
