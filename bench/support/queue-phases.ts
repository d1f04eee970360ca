import { setTimeout as sleep } from "node:timers/promises";
import { count, like, max, sql } from "drizzle-orm";
import type { Db } from "../../src/server/db/database.ts";
import { demoEffects, demoExecutions } from "../../src/server/db/schema/index.ts";
import type { JobQueue } from "../../src/server/jobs/job-queue.ts";
import { type LatencySummary, summarize } from "./stats.ts";

/**
 * The measured phases. A job is the catalog's `demo` job with no failure and no sleep: the
 * handler inserts an execution row (`started_at = clock_timestamp()`) and an effect row, so
 * every job costs the queue's own work plus two single-row INSERTs in the app database.
 *
 * Enqueue times come from this process's clock (Date.now) and start/finish times from the
 * database's clock; both are the same machine's clock (PGlite runs in this process, the real
 * servers on localhost). `clockOffsetMs` checks that assumption.
 */
export interface PhaseResult {
  jobs: number;
  /** First enqueue call → last enqueue call resolved. */
  enqueueMs: number;
  /** First enqueue call → last effect row written (database clock). */
  drainMs: number;
  /** jobs / drainMs. */
  jobsPerSecond: number;
  /** First enqueue call → first job started: how long an idle worker takes to notice work. */
  firstStartMs: number;
  /** jobs / (first start → last effect): the rate once the workers are busy. */
  busyJobsPerSecond: number;
  /** Enqueue call → first execution's `started_at`. */
  enqueueToStart: LatencySummary;
  /** Executions beyond one per job, i.e. retries; expected 0. */
  extraExecutions: number;
}

export interface PhaseContext {
  jobQueue: JobQueue;
  db: Db;
}

/** Enqueue wall times by job key, in ms since the epoch. */
type SentAt = Map<string, number>;

const keysFor = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function enqueueDemo(ctx: PhaseContext, key: string, sentAt: SentAt): Promise<unknown> {
  sentAt.set(key, Date.now());
  return ctx.jobQueue.enqueue("demo", { key, failTimes: 0, sleepMs: 0 });
}

/** Saturation: chunks of `batch` enqueues in parallel, one chunk after the other. */
async function enqueueInBatches(ctx: PhaseContext, keys: string[], batch: number, sentAt: SentAt) {
  for (let i = 0; i < keys.length; i += batch) {
    await Promise.all(keys.slice(i, i + batch).map((key) => enqueueDemo(ctx, key, sentAt)));
  }
}

/**
 * Open loop: one enqueue every `intervalMs` on a fixed schedule, not waiting for the previous
 * one, so a slow enqueue cannot hold back the arrivals and hide the latency it causes.
 */
async function enqueuePaced(ctx: PhaseContext, keys: string[], intervalMs: number, sentAt: SentAt) {
  const t0 = performance.now();
  const errors: unknown[] = [];
  const pending: Promise<void>[] = [];
  for (const [i, key] of keys.entries()) {
    const wait = t0 + i * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    // Handle the rejection now: an enqueue failing while we sleep must not crash the process.
    pending.push(
      enqueueDemo(ctx, key, sentAt).then(
        () => {},
        (err) => void errors.push(err),
      ),
    );
  }
  await Promise.all(pending);
  if (errors.length > 0) {
    throw new AggregateError(errors, `${errors.length} of ${keys.length} enqueues failed`);
  }
}

async function waitForEffects(db: Db, prefix: string, expected: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let done = 0;
  while (Date.now() < deadline) {
    const [row] = await db
      .select({ n: count() })
      .from(demoEffects)
      .where(like(demoEffects.key, `${prefix}%`));
    done = row?.n ?? 0;
    if (done >= expected) return;
    // Coarse on purpose: the finish time is read from the effect rows, not from this loop,
    // and on PGlite every poll takes a turn on the same thread as the workers.
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms: ${done} of ${expected} jobs done (keys ${prefix}*)`);
}

async function collect(db: Db, prefix: string, sentAt: SentAt, firstSentMs: number, lastSentMs: number) {
  const pattern = `${prefix}%`;
  const executions = await db
    .select({ key: demoExecutions.key, attempt: demoExecutions.attempt, startedAt: demoExecutions.startedAt })
    .from(demoExecutions)
    .where(like(demoExecutions.key, pattern));
  const [last] = await db
    .select({ at: max(demoEffects.createdAt) })
    .from(demoEffects)
    .where(like(demoEffects.key, pattern));
  if (!last?.at) throw new Error(`no effects recorded for ${pattern}`);

  const latencies = executions
    .filter((e) => e.attempt === 1)
    .map((e) => e.startedAt.getTime() - (sentAt.get(e.key) ?? Number.NaN));
  if (latencies.length !== sentAt.size || latencies.some(Number.isNaN)) {
    throw new Error(`expected one first execution per job: ${latencies.length} for ${sentAt.size} jobs`);
  }
  const drainMs = last.at.getTime() - firstSentMs;
  const firstStart = Math.min(...executions.map((e) => e.startedAt.getTime()));
  return {
    jobs: sentAt.size,
    enqueueMs: lastSentMs - firstSentMs,
    drainMs,
    jobsPerSecond: sentAt.size / (drainMs / 1000),
    firstStartMs: firstStart - firstSentMs,
    busyJobsPerSecond: sentAt.size / ((last.at.getTime() - firstStart) / 1000),
    enqueueToStart: summarize(latencies),
    extraExecutions: executions.length - sentAt.size,
  } satisfies PhaseResult;
}

/** Generous: PGlite runs a few hundred jobs/s; a stuck queue still fails the run in bounded time. */
const timeoutFor = (jobs: number) => 30_000 + jobs * 30;

export async function runBatchedPhase(
  ctx: PhaseContext,
  prefix: string,
  options: { jobs: number; batch: number },
): Promise<PhaseResult> {
  const sentAt: SentAt = new Map();
  const first = Date.now();
  await enqueueInBatches(ctx, keysFor(prefix, options.jobs), options.batch, sentAt);
  const lastSent = Date.now();
  await waitForEffects(ctx.db, prefix, options.jobs, timeoutFor(options.jobs));
  return collect(ctx.db, prefix, sentAt, first, lastSent);
}

export async function runPacedPhase(
  ctx: PhaseContext,
  prefix: string,
  options: { jobs: number; intervalMs: number },
): Promise<PhaseResult> {
  const sentAt: SentAt = new Map();
  const first = Date.now();
  await enqueuePaced(ctx, keysFor(prefix, options.jobs), options.intervalMs, sentAt);
  const lastSent = Date.now();
  await waitForEffects(ctx.db, prefix, options.jobs, timeoutFor(options.jobs));
  return collect(ctx.db, prefix, sentAt, first, lastSent);
}

/**
 * Database clock minus this process's clock, from the quickest of a few round trips (its
 * uncertainty is half that round trip). Near 0 on one machine; a large value would make the
 * latency figures meaningless.
 */
export async function clockOffsetMs(db: Db): Promise<{ offsetMs: number; uncertaintyMs: number }> {
  let best = { offsetMs: Number.NaN, uncertaintyMs: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 5; i++) {
    const before = Date.now();
    const result = await db.execute<{ ms: string }>(
      sql`select (extract(epoch from clock_timestamp()) * 1000)::text as ms`,
    );
    const after = Date.now();
    const dbMs = Number(result.rows[0]?.ms);
    const uncertaintyMs = (after - before) / 2;
    if (uncertaintyMs < best.uncertaintyMs) best = { offsetMs: dbMs - (before + after) / 2, uncertaintyMs };
  }
  return best;
}
