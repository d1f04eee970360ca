import { randomBytes } from "node:crypto";
import os from "node:os";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/server/config.ts";
import { createLogger } from "../src/server/observability/logger.ts";
import { type Runtime, startRuntime } from "../src/server/runtime.ts";
import { DEMO } from "../src/server/sandbox/seed.ts";
import { type Api, authenticate, connectSandbox } from "../test/support/burst.ts";
import {
  BACKEND_LABELS,
  type BackendName,
  provisionBackend,
  type Services,
  UnreachableError,
} from "./support/backends.ts";
import { freePort, readOptions, warnIfBusy } from "./support/cli.ts";
import { percentile } from "./support/stats.ts";

/**
 * `npm run bench:inbox`: the inbox's two reads a member makes all day — list conversations and
 * open a thread — over HTTP against the web role, with one workspace holding N conversations
 * and M messages (default 10,000 and 200,000), on embedded PGlite and on PostgreSQL. The data
 * is written in bulk with SQL (the shapes the pipeline writes; writing 200,000 messages
 * through webhooks is the ingest bench's subject). Requests go one at a time, so each figure is
 * one member's latency, not a throughput. Progress to stderr, the Markdown table to stdout.
 */
const USAGE = `npm run bench:inbox -- [flags]

  --conversations N   conversations in the workspace (default 10000)
  --messages N        messages in all, spread evenly (default 200000)
  --samples N         measured requests per operation (default 300)
  --backends a,b      of pglite,postgres (default both)

  BENCH_DATABASE_URL  default postgresql://postgres@127.0.0.1:5432/test`;

const progress = (message: string) => console.error(`[bench:inbox] ${message}`);
const silent = createLogger({ log: { level: "silent", format: "json" }, version: "bench" });

interface Options {
  conversations: number;
  messages: number;
  samples: number;
  backends: BackendName[];
  services: Services;
}

function parseOptions(): Options | "help" {
  const { values } = parseArgs({
    options: {
      conversations: { type: "string" },
      messages: { type: "string" },
      samples: { type: "string" },
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
    conversations: int("conversations", values.conversations, 10_000),
    messages: int("messages", values.messages, 200_000),
    samples: int("samples", values.samples, 300),
    backends,
    services: {
      databaseUrl: process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
      redisUrl: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379",
    },
  };
}

/**
 * The workspace's data in bulk: one contact + conversation per person (every other one unread,
 * every tenth a priority, names searchable), and their messages alternating in / out, an hour
 * apart, the last within the window for a third of them.
 */
async function seed(runtime: Runtime, options: Options) {
  const perThread = Math.max(1, Math.floor(options.messages / options.conversations));
  const pool = runtime.database.pool;
  const { rows } = await pool.query<{ id: string; workspace_id: string }>(
    "select id, workspace_id from autodm.instagram_accounts where ig_user_id = $1",
    [DEMO.account.id],
  );
  const account = rows[0];
  if (!account) throw new Error("the sandbox account is not connected");
  await pool.query(
    `insert into autodm.contacts (workspace_id, account_id, igsid, username, name, last_inbound_at)
     select $1, $2, 'bench' || g, 'bench_user_' || g, 'Bench Person ' || g,
       now() - (g % 72) * interval '1 hour'
     from generate_series(1, $3::int) g`,
    [account.workspace_id, account.id, options.conversations],
  );
  // In slices, so PGlite's single backend is not asked for one 200,000-row statement.
  const slice = Math.max(1, Math.floor(20_000 / perThread));
  for (let from = 1; from <= options.conversations; from += slice) {
    const to = Math.min(options.conversations, from + slice - 1);
    await pool.query(
      `insert into autodm.messages (workspace_id, conversation_id, account_id, direction, type, text,
         sender_kind, status, at)
       select c.workspace_id, c.id, c.account_id,
         (case when k % 2 = 0 then 'in' else 'out' end)::autodm.message_direction, 'text',
         'Message ' || k || ' of ' || c.username || ' about the price of the blue hoodie',
         (case when k % 2 = 0 then 'person' else 'automation' end)::autodm.sender_kind,
         (case when k % 2 = 0 then 'received' else 'read' end)::autodm.message_status,
         c.last_inbound_at - (${perThread} - k) * interval '1 hour'
       from autodm.contacts c, generate_series(1, ${perThread}) k
       where c.account_id = $1 and c.igsid in (select 'bench' || g from generate_series($2::int, $3::int) g)`,
      [account.id, from, to],
    );
  }
  await pool.query(
    `insert into autodm.conversations (contact_id, workspace_id, account_id, last_message_at,
       last_message_preview, last_message_direction, can_reply_until, unread_count, priority)
     select c.id, c.workspace_id, c.account_id, c.last_inbound_at, 'the price of the blue hoodie', 'in',
       c.last_inbound_at + interval '24 hours', (substr(c.igsid, 6)::int % 2), substr(c.igsid, 6)::int % 10 = 0
     from autodm.contacts c where c.account_id = $1 and c.igsid like 'bench%'`,
    [account.id],
  );
  await pool.query("analyze autodm.contacts; analyze autodm.conversations; analyze autodm.messages");
  const counts = await pool.query<{ c: number; m: number }>(
    `select (select count(*) from autodm.conversations where workspace_id = $1)::int as c,
            (select count(*) from autodm.messages where workspace_id = $1)::int as m`,
    [account.workspace_id],
  );
  return counts.rows[0] as { c: number; m: number };
}

interface OpResult {
  name: string;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

async function timed(api: Api, path: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${api.base}${path}`, { headers: api.headers });
  await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}`);
  return ms;
}

async function measure(name: string, samples: number, next: (i: number) => string, api: Api) {
  for (let i = 0; i < Math.min(20, samples); i++) await timed(api, next(i)); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) ms.push(await timed(api, next(i)));
  ms.sort((a, b) => a - b);
  return {
    name,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    max: ms[ms.length - 1] as number,
  } satisfies OpResult;
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
      SANDBOX: "on",
      AUTH_SECRET: randomBytes(32).toString("base64"),
      ...backend.env,
    });
    runtime = await startRuntime(config, ["web"], silent);
    const api = await authenticate(runtime.url as string);
    await connectSandbox(api);
    const t0 = Date.now();
    const counts = await seed(runtime, options);
    progress(`${name}: ${counts.c} conversations, ${counts.m} messages seeded in ${Date.now() - t0} ms`);

    const first = await api.json<{ items: { id: string }[]; nextCursor: string | null }>(
      "GET",
      "/api/conversations?limit=50",
    );
    if (first.items.length !== Math.min(50, counts.c))
      throw new Error(`first page: ${first.items.length} rows`);
    // Threads to open: the first page's and the second's (the ones a member opens most).
    const second = await api.json<{ items: { id: string }[] }>(
      "GET",
      `/api/conversations?limit=50&cursor=${encodeURIComponent(first.nextCursor ?? "")}`,
    );
    const ids = [...first.items, ...second.items].map((c) => c.id);
    const results = [
      await measure("list (first page, 50)", options.samples, () => "/api/conversations?limit=50", api),
      await measure(
        "list (second page, cursor)",
        options.samples,
        () => `/api/conversations?limit=50&cursor=${encodeURIComponent(first.nextCursor ?? "")}`,
        api,
      ),
      await measure(
        "list (unread + priority)",
        options.samples,
        () => "/api/conversations?unread=true&priority=true&limit=50",
        api,
      ),
      await measure(
        "list (search 'user_777')",
        options.samples,
        () => "/api/conversations?q=user_777&limit=50",
        api,
      ),
      await measure(
        "open a thread (conversation)",
        options.samples,
        (i) => `/api/conversations/${ids[i % ids.length]}`,
        api,
      ),
      await measure(
        "open a thread (messages, 50)",
        options.samples,
        (i) => `/api/conversations/${ids[(i * 7) % ids.length]}/messages?limit=50`,
        api,
      ),
    ];
    return {
      counts,
      results,
      version: (await runtime.database.pool.query<{ v: string }>("select version() as v")).rows[0]?.v,
    };
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
    `| backend | operation | p50 | p95 | p99 | max |`,
    `| --- | --- | ---: | ---: | ---: | ---: |`,
  ];
  for (const name of options.backends) {
    try {
      const { counts, results } = await runBackend(name, options);
      for (const r of results)
        lines.push(
          `| ${name === "pglite" ? "embedded PGlite" : "PostgreSQL"} (${counts.c.toLocaleString("en")} conv., ${counts.m.toLocaleString("en")} msg.) | ${r.name} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.max.toFixed(1)} ms |`,
        );
    } catch (err) {
      if (err instanceof UnreachableError)
        lines.push(`| ${BACKEND_LABELS[name]} | skipped: ${err.message} | | | | |`);
      else throw err;
    }
  }
  console.log(lines.join("\n"));
  console.log(
    `\n${options.samples} sequential requests per operation after 20 warm-up; load average ${loadBefore.toFixed(2)} before, ${(os.loadavg()[0] ?? 0).toFixed(2)} after, on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}).`,
  );
  return 0;
}

process.exitCode = await main();
