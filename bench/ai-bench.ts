import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AiReplyService } from "../src/server/ai/ai-reply-service.ts";
import { AiSettingsRepo } from "../src/server/ai/ai-settings-repo.ts";
import { AiTurnsRepo } from "../src/server/ai/ai-turns-repo.ts";
import { AiUsageRepo } from "../src/server/ai/ai-usage-repo.ts";
import { buildPrompt } from "../src/server/ai/build-prompt.ts";
import { fitReply } from "../src/server/ai/fit-reply.ts";
import { callModel, type ModelResult } from "../src/server/ai/model-client.ts";
import { OfflineResponder } from "../src/server/ai/offline-responder.ts";
import { guardReply } from "../src/server/ai/output-guard.ts";
import { resolveSettings } from "../src/server/ai/resolve-settings.ts";
import { loadConfig } from "../src/server/config.ts";
import { ContactsRepo } from "../src/server/conversations/contacts-repo.ts";
import { createDatabase, type Database } from "../src/server/db/database.ts";
import { startEmbeddedPostgres } from "../src/server/db/embedded-postgres.ts";
import { runMigrations } from "../src/server/db/migrate.ts";
import { contacts, instagramAccounts } from "../src/server/db/schema/index.ts";
import type { InboundEvent } from "../src/server/instagram/inbound-event.ts";
import { createLogger } from "../src/server/observability/logger.ts";
import { loadKeyRing } from "../src/server/security/encryption-keys.ts";
import { createTokenVault } from "../src/server/security/token-vault.ts";
import type { FaqEntry } from "../src/shared/ai-settings.ts";
import { startModelServer } from "../test/support/ai-provider-servers.ts";
import { PARAPHRASES, STUDIO_FAQ } from "../test/support/studio-faq.ts";
import { provisionBackend } from "./support/backends.ts";
import { summarize } from "./support/stats.ts";

/**
 * `npm run bench:ai`: what AI replies cost besides the model.
 * 1. The offline responder on a 500-entry FAQ: index build, and one answer (p50 / p99).
 * 2. The AI action's own overhead (settings, history, prompt, guard, fitting, usage, turns),
 *    through AiReplyService.reply on a real database, with the model call — an instant local
 *    server speaking OpenAI's protocol — timed separately and subtracted; and the pure part alone
 *    (prompt + guard + fitting, no I/O). Offline mode end to end as well.
 * Progress on stderr, Markdown on stdout, raw figures in bench/results/.
 */

const REPLIES = Number(process.env.BENCH_AI_REPLIES ?? 300);
const QUERIES = Number(process.env.BENCH_AI_QUERIES ?? 5_000);
const progress = (m: string) => process.stderr.write(`[bench:ai] ${m}\n`);
const silent = createLogger({ log: { level: "silent", format: "json" }, version: "bench" });
const us = (ms: number) => `${Math.round(ms * 1000)} µs`;
const msf = (ms: number) => `${ms.toFixed(2)} ms`;

const MATERIALS = ["cork", "cotton", "wool", "linen", "bamboo", "ceramic", "oak", "steel", "rubber", "hemp"];
const THINGS = ["mat", "bolster", "block", "strap", "blanket", "towel", "bag", "mug", "cushion", "bottle"];

/** 500 realistic entries: 100 products × 5 questions people ask about a product. */
function bigFaq(): FaqEntry[] {
  const out: FaqEntry[] = [];
  for (const m of MATERIALS)
    for (const t of THINGS) {
      const p = `${m} ${t}`;
      out.push(
        { question: `How much is the ${p}?`, answer: `The ${p} is €${20 + (out.length % 60)}.` },
        { question: `Is the ${p} in stock?`, answer: `Yes, the ${p} ships within 2 days.` },
        {
          question: `What sizes does the ${p} come in?`,
          answer: `The ${p} comes in small, medium and large.`,
        },
        { question: `Do you ship the ${p} abroad?`, answer: `We ship the ${p} across the EU in 3–5 days.` },
        { question: `How do I clean the ${p}?`, answer: `Wipe the ${p} with a damp cloth and let it dry.` },
      );
    }
  return out;
}

/** Questions as people write them, each with the entry that answers it (-1: none does). */
function bigFaqQuestions(n: number): [string, number][] {
  const asks = [
    (p: string) => `what does the ${p} cost?`,
    (p: string) => `do you have the ${p} available`,
    (p: string) => `which size is the ${p}`,
    (p: string) => `can you send the ${p} to france?`,
    (p: string) => `how to wash the ${p}`,
  ];
  const off = ["who won the match yesterday", "do you like pizza?", "tell me a joke", "are you a robot"];
  const out: [string, number][] = [];
  for (let i = 0; i < n; i++) {
    if (i % 10 === 9) {
      out.push([off[i % off.length] as string, -1]);
      continue;
    }
    const product = (i * 7919) % 100;
    const ask = (i * 31) % 5;
    const name = `${MATERIALS[Math.floor(product / 10)]} ${THINGS[product % 10]}`;
    out.push([(asks[ask] as (p: string) => string)(name), product * 5 + ask]);
  }
  return out;
}

function offlineBench() {
  const faq = bigFaq();
  const queries = bigFaqQuestions(1_000);
  const t0 = performance.now();
  const responder = new OfflineResponder(faq);
  const buildMs = performance.now() - t0;
  for (let i = 0; i < 500; i++) responder.answer((queries[i % queries.length] as [string, number])[0]); // warm-up
  const samples: number[] = [];
  let right = 0;
  for (let i = 0; i < QUERIES; i++) {
    const [q, expected] = queries[i % queries.length] as [string, number];
    const s = performance.now();
    const a = responder.answer(q);
    samples.push(performance.now() - s);
    if ((a.kind === "answer" ? a.entry : -1) === expected) right++;
  }
  return { entries: faq.length, buildMs, answer: summarize(samples), rightShare: right / QUERIES };
}

function pureBench() {
  const settings = resolveSettings(undefined, {
    systemPrompt: "You are the assistant of Luna Yoga. Be warm and brief.",
    businessContext: "Online course €49, 6 weeks, starts May 4th. Studio at 12 Rua das Flores, Lisbon.",
    faq: STUDIO_FAQ,
    instructions: "Answer questions about the course.",
  });
  const history = Array.from({ length: 12 }, (_, i) => ({
    role: i % 2 ? ("assistant" as const) : ("user" as const),
    text:
      i % 2 ? "The course is €49 and starts on May 4th." : "how much is the course and when does it start?",
  }));
  const reply = "The online course is €49 and starts on May 4th; you can join until May 10th 🧘 ".repeat(3);
  const samples: number[] = [];
  for (let i = 0; i < 2_000 + 200; i++) {
    const s = performance.now();
    const prompt = buildPrompt({
      settings,
      history,
      message: "and is it for beginners?",
      canary: "ref-0123456789ab",
    });
    guardReply(reply, prompt.secrets, "ref-0123456789ab");
    fitReply(reply, { maxBytes: 1000, maxChars: settings.maxReplyLength });
    if (i >= 200) samples.push(performance.now() - s);
  }
  return summarize(samples);
}

interface Db {
  database: Database;
  label: string;
  dispose(): Promise<void>;
}

async function pgliteDb(): Promise<Db> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autodm-bench-ai-"));
  const embedded = await startEmbeddedPostgres({ dataDir: dir, queueSchema: "bullmq", logger: silent });
  const database = createDatabase(embedded.url, { max: 5, applicationName: "bench-ai" });
  return {
    database,
    label: "PGlite (embedded)",
    async dispose() {
      await database.close();
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresDb(): Promise<Db | undefined> {
  const url = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
  try {
    const backend = await provisionBackend("postgres", { databaseUrl: url, redisUrl: "" });
    const database = createDatabase(backend.env.DATABASE_URL as string, {
      max: 5,
      applicationName: "bench-ai",
    });
    return {
      database,
      label: "PostgreSQL",
      async dispose() {
        await database.close();
        await backend.dispose();
      },
    };
  } catch (err) {
    progress(`PostgreSQL skipped: ${(err as Error).message}`);
    return undefined;
  }
}

async function serviceBench(db: Db, modelUrl: string) {
  const { database } = db;
  await runMigrations(database.pool, { logger: silent, queueSchema: null });
  const vault = createTokenVault(
    loadKeyRing({ tokenEncryptionKey: randomBytes(32).toString("base64"), dataDir: "/nonexistent" }),
  );
  const [account] = await database.db
    .insert(instagramAccounts)
    .values({
      workspaceId: "bench",
      loginType: "instagram",
      igUserId: `ig-${Date.now()}`,
      username: "bench",
      accessToken: "x",
      tokenIssuedAt: new Date(),
    })
    .returning();
  const [contact] = await database.db
    .insert(contacts)
    .values({ workspaceId: "bench", accountId: account?.id as string, igsid: "p1" })
    .returning();
  if (!account || !contact) throw new Error("setup failed");
  const settings = new AiSettingsRepo(database.db, vault);
  await settings.put("bench", account.id, resolveSettings(undefined, { faq: STUDIO_FAQ }) as never);
  const event = (text: string): InboundEvent => ({
    kind: "message",
    igAccountId: account.igUserId,
    personId: "p1",
    timestamp: Date.now(),
    form: "messaging",
    dedupeKey: randomUUID(),
    text,
    isEcho: false,
    isSelf: false,
  });

  const run = async (env: Record<string, string>, action: { provider?: "offline" | "openai" }) => {
    let modelMs = 0;
    const service = new AiReplyService({
      settings,
      usage: new AiUsageRepo(database.db),
      turns: new AiTurnsRepo(database.db),
      contacts: new ContactsRepo(database.db),
      config: loadConfig(env).ai,
      logger: silent,
      callModel: async (...args): Promise<ModelResult> => {
        const s = performance.now();
        const r = await callModel(...args);
        modelMs = performance.now() - s;
        return r;
      },
    });
    const totals: number[] = [];
    const overheads: number[] = [];
    for (let i = 0; i < REPLIES + 20; i++) {
      modelMs = 0;
      const s = performance.now();
      const reply = await service.reply({
        workspaceId: "bench",
        accountId: account.id,
        contact,
        event: event((PARAPHRASES[i % PARAPHRASES.length] as [string, number])[0]),
        runId: randomUUID(),
        actionIndex: 0,
        automationId: "a1",
        action: { type: "ai_reply", ...action },
      });
      const total = performance.now() - s;
      if (reply.kind !== "send") throw new Error("no reply");
      if (i >= 20) {
        totals.push(total);
        overheads.push(total - modelMs);
      }
    }
    return { total: summarize(totals), overhead: summarize(overheads) };
  };
  const offline = await run({}, { provider: "offline" });
  const model = await run(
    { OPENAI_API_KEY: "sk-bench-0123456789", OPENAI_BASE_URL: modelUrl, AI_MODEL: "bench" },
    { provider: "openai" },
  );
  return { offline, model };
}

async function main() {
  progress("offline responder, 500 entries");
  const offline = offlineBench();
  progress("pure prompt + guard + fitting");
  const pure = pureBench();
  const server = await startModelServer("openai", () => ({
    text: "The course is €49 and starts on May 4th.",
  }));
  const services: { label: string; result: Awaited<ReturnType<typeof serviceBench>> }[] = [];
  for (const open of [pgliteDb, postgresDb]) {
    const db = await open();
    if (!db) continue;
    progress(`AI action on ${db.label}`);
    try {
      services.push({ label: db.label, result: await serviceBench(db, server.baseUrl) });
    } finally {
      await db.dispose();
    }
  }
  await server.close();

  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
  const lines = [
    `### AI replies (${new Date().toISOString().slice(0, 16)} UTC, load average ${load}, ${os.cpus().length} CPUs, Node ${process.version})`,
    "",
    `Offline responder, ${offline.entries} FAQ entries: index built in ${msf(offline.buildMs)}; one answer p50 ${us(offline.answer.p50)}, p99 ${us(offline.answer.p99)}, max ${us(offline.answer.max)} (${offline.answer.samples} questions about the products, 1 in 10 off-topic; ${(offline.rightShare * 100).toFixed(1)}% got the right entry or, off-topic, the fallback).`,
    "",
    `Prompt building + output guard + fitting (pure, 12 turns of history, 32-entry FAQ): p50 ${us(pure.p50)}, p99 ${us(pure.p99)}.`,
    "",
    "| AI action (AiReplyService.reply, one reply) | database | p50 | p99 |",
    "|---|---|---:|---:|",
  ];
  for (const { label, result } of services) {
    lines.push(
      `| offline answers, end to end | ${label} | ${msf(result.offline.total.p50)} | ${msf(result.offline.total.p99)} |`,
      `| model reply: total with an instant local model | ${label} | ${msf(result.model.total.p50)} | ${msf(result.model.total.p99)} |`,
      `| model reply: overhead without the model call | ${label} | ${msf(result.model.overhead.p50)} | ${msf(result.model.overhead.p99)} |`,
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  fs.mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/ai-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  fs.writeFileSync(
    file,
    JSON.stringify({ offline, pure, services, load: os.loadavg(), replies: REPLIES }, null, 2),
  );
  progress(`raw figures in ${file}`);
}

await main();
