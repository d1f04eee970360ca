import { randomUUID } from "node:crypto";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { type Job, UnrecoverableError } from "bullmq";
import { AppError } from "../errors.ts";
import type { Logger } from "../observability/logger.ts";
import type { Metrics } from "../observability/metrics.ts";
import { type JobCatalog, type JobName, jobs } from "./catalog.ts";
import {
  type JobContext,
  type JobDefinition,
  JobTimeoutError,
  type PayloadOf,
  PermanentJobError,
} from "./job.ts";
import { type QueueBackend, withTimeout } from "./queue-backend.ts";

/** Longer than any healthy enqueue under load (a few ms; seconds on a saturated machine). */
const ENQUEUE_TIMEOUT_MS = 5_000;

export type JobHandlers = {
  [K in JobName]: (payload: PayloadOf<JobCatalog[K]>, ctx: JobContext) => Promise<void>;
};

export interface DeadLetter {
  job: JobName;
  id: string;
  payload: unknown;
  attemptsMade: number;
  failedReason: string;
  failedAt: string | null;
  enqueuedAt: string;
}

export interface EnqueueOptions {
  /** Idempotency: a job with this id already queued (or kept) is not added twice. */
  jobId?: string;
  delayMs?: number;
  /**
   * At most one job with this id runs at a time; one added while it runs is kept and runs
   * after it (BullMQ's keepLastIfActive): the per-person mailbox guarantee.
   */
  exclusiveKey?: string;
}

export type QueueCounts = Record<
  JobName,
  Record<"waiting" | "active" | "delayed" | "failed" | "completed", number>
>;

const COUNT_STATES = ["waiting", "active", "delayed", "failed", "completed"] as const;

/**
 * The typed front of BullMQ: producers enqueue by catalog entry with a validated payload, and
 * the worker side runs handlers with timeouts, retries, dead letters and metrics. One BullMQ
 * queue per job kind, so kinds never starve each other.
 */
export class JobQueue {
  readonly workerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly queues = new Map<JobName, ReturnType<QueueBackend["createQueue"]>>();
  private readonly workers: ReturnType<QueueBackend["createWorker"]>[] = [];
  /** Running handlers, aborted when a shutdown cannot wait for them any longer. */
  private readonly inflight = new Set<AbortController>();

  constructor(
    private readonly backend: QueueBackend,
    private readonly options: {
      logger: Logger;
      metrics: Metrics;
      concurrency: number;
      lockMs: number;
    },
  ) {}

  get backendKind() {
    return this.backend.kind;
  }

  /** See QueueBackend.onReconnect: the queue's store came back, perhaps empty. */
  onReconnect(listener: () => void) {
    this.backend.onReconnect(listener);
  }

  private queue(name: JobName) {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.backend.createQueue(jobs[name].name);
      queue.on("error", (err) => this.options.logger.warn({ err, job: name }, "queue.error"));
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue<K extends JobName>(name: K, payload: PayloadOf<JobCatalog[K]>, opts: EnqueueOptions = {}) {
    const [added] = await this.enqueueMany(name, [{ payload, opts }]);
    return added as { id: string };
  }

  /** Several jobs of one kind in one round trip (one pipeline on Redis, one statement on PostgreSQL). */
  async enqueueMany<K extends JobName>(
    name: K,
    items: { payload: PayloadOf<JobCatalog[K]>; opts?: EnqueueOptions }[],
  ): Promise<{ id: string }[]> {
    if (items.length === 0) return [];
    const def: JobDefinition = jobs[name];
    const bulk = items.map(({ payload, opts = {} }) => {
      const parsed = def.payload.safeParse(payload);
      if (!parsed.success) {
        throw new AppError(
          "validation_failed",
          `invalid ${name} payload: ${parsed.error.issues[0]?.message}`,
        );
      }
      return {
        name: def.name,
        data: parsed.data,
        opts: {
          jobId: opts.jobId,
          delay: opts.delayMs,
          ...(opts.exclusiveKey ? { deduplication: { id: opts.exclusiveKey, keepLastIfActive: true } } : {}),
          attempts: def.attempts,
          backoff: { type: "exponential" as const, delay: def.backoffMs },
          // Completed jobs are history, not state: keep a day's worth for inspection.
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          // Failed jobs are the dead letters: kept until retried or pruned by retention.
          removeOnFail: false,
        },
      };
    });
    // Redis down: ioredis would hold the command until it returns (a webhook hung for the whole
    // outage, issue 19). Refused at once, or after ENQUEUE_TIMEOUT_MS, as `unavailable` (a 503 at
    // the edge): the caller retries, and stored events are re-enqueued by the sweeper anyway.
    if (!this.backend.connected()) throw new AppError("unavailable", "the job queue is unreachable");
    const adding =
      bulk.length === 1
        ? this.queue(name)
            .add(bulk[0]?.name as string, bulk[0]?.data, bulk[0]?.opts)
            .then((job) => [job])
        : this.queue(name).addBulk(bulk);
    // (PostgreSQL refuses at once when it is down; a slow embedded database under load is no outage.)
    if (this.backend.kind !== "redis") return (await adding).map((job) => ({ id: String(job.id) }));
    const added = await withTimeout(adding, ENQUEUE_TIMEOUT_MS).catch((err) => {
      if (err instanceof Error && err.message === "timeout")
        throw new AppError("unavailable", "the job queue did not answer in time");
      throw err;
    });
    return added.map((job) => ({ id: String(job.id) }));
  }

  /**
   * A recurring job, idempotent across processes and restarts (one scheduler per name): the
   * backend keeps the schedule, so N workers booting do not multiply it.
   */
  async schedule<K extends JobName>(name: K, payload: PayloadOf<JobCatalog[K]>, everyMs: number) {
    const def: JobDefinition = jobs[name];
    await this.queue(name).upsertJobScheduler(
      `${def.name}-every-${everyMs}`,
      { every: everyMs },
      {
        name: def.name,
        data: def.payload.parse(payload),
        opts: {
          attempts: def.attempts,
          backoff: { type: "exponential", delay: def.backoffMs },
          removeOnComplete: 100,
        },
      },
    );
  }

  /** Starts consuming every job kind in the catalog. */
  startWorkers(handlers: JobHandlers): void {
    for (const name of Object.keys(jobs) as JobName[]) {
      const def: JobDefinition = jobs[name];
      const worker = this.backend.createWorker(def.name, (job: Job) => this.run(name, def, handlers, job), {
        concurrency: def.concurrency ?? this.options.concurrency,
        lockDuration: this.options.lockMs,
        stalledInterval: Math.max(1_000, Math.floor(this.options.lockMs / 2)),
        maxStalledCount: 3,
        // After a lost connection BullMQ waits this long before fetching again (15 s by default):
        // the worker should be back within seconds of Redis or PostgreSQL.
        runRetryDelay: 2_000,
        autorun: true,
      });
      worker.on("error", (err) => this.options.logger.warn({ err, job: name }, "worker.error"));
      worker.on("failed", (job, err) => {
        if (!job) return;
        const dead = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
        this.options.metrics.jobsProcessed.inc({ job: name, outcome: dead ? "dead" : "retried" });
        const log = { job: name, jobId: job.id, attempt: job.attemptsMade, reason: err.message };
        if (dead) this.options.logger.error(log, "job.dead-lettered");
        else this.options.logger.warn(log, "job.retrying");
      });
      this.workers.push(worker);
    }
  }

  private async run(name: JobName, def: JobDefinition, handlers: JobHandlers, job: Job): Promise<void> {
    const parsed = def.payload.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(`invalid payload: ${parsed.error.issues[0]?.message}`);
    }
    const controller = new AbortController();
    this.inflight.add(controller);
    const ctx: JobContext = {
      jobId: String(job.id),
      attempt: job.attemptsMade + 1,
      signal: controller.signal,
      workerId: this.workerId,
    };
    const end = this.options.metrics.jobDuration.startTimer({ job: name });
    let timer: NodeJS.Timeout | undefined;
    try {
      const handler = handlers[name] as (payload: unknown, ctx: JobContext) => Promise<void>;
      await Promise.race([
        handler(parsed.data, ctx),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            controller.abort();
            reject(new JobTimeoutError(name, def.timeoutMs));
          }, def.timeoutMs);
        }),
      ]);
      this.options.metrics.jobsProcessed.inc({ job: name, outcome: "completed" });
    } catch (err) {
      if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
      throw err;
    } finally {
      clearTimeout(timer);
      this.inflight.delete(controller);
      end();
    }
  }

  /** Jobs per state for every kind; a kind whose count fails (logged) is left out, not the rest. */
  async counts(): Promise<Partial<QueueCounts>> {
    const names = Object.keys(jobs) as JobName[];
    const settled = await Promise.allSettled(
      names.map(async (name) => {
        const raw = await this.queue(name).getJobCounts(...COUNT_STATES);
        return [name, Object.fromEntries(COUNT_STATES.map((s) => [s, raw[s] ?? 0]))] as const;
      }),
    );
    const counts: Partial<QueueCounts> = {};
    settled.forEach((result, i) => {
      if (result.status === "fulfilled") counts[result.value[0]] = result.value[1] as QueueCounts[JobName];
      else this.options.logger.warn({ job: names[i], err: result.reason }, "queue.count-failed");
    });
    return counts;
  }

  async listDeadLetters(name: JobName, { limit = 50, offset = 0 } = {}): Promise<DeadLetter[]> {
    const failed = await this.queue(name).getFailed(offset, offset + limit - 1);
    return failed.map((job) => deadLetterOf(name, job));
  }

  /** One dead letter, or undefined when `id` is unknown or not (or no longer) failed. */
  async getDeadLetter(name: JobName, id: string): Promise<DeadLetter | undefined> {
    const job = await this.queue(name).getJob(id);
    return job && (await job.isFailed()) ? deadLetterOf(name, job) : undefined;
  }

  /** Puts a dead letter back in line with a fresh set of attempts. */
  async retryDeadLetter(name: JobName, id: string): Promise<void> {
    const job = await this.queue(name).getJob(id);
    if (!job || !(await job.isFailed())) throw new AppError("not_found", `no dead letter ${name}/${id}`);
    await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
  }

  /**
   * Stops taking new jobs and waits up to `timeoutMs` for the running ones. Past that, running
   * handlers are aborted (their try fails and is retried with backoff by the next worker) and
   * the workers are closed forcefully; a handler that ignores its signal leaves its job
   * "active", and stalled-job recovery hands it to another worker once the lock expires. Either
   * way no job is lost.
   */
  async close(timeoutMs: number): Promise<{ drained: boolean }> {
    let drained = true;
    if (this.workers.length > 0) {
      const graceful = Promise.all(this.workers.map((w) => w.close())).then(() => true);
      drained = await Promise.race([graceful, sleep(timeoutMs, false)]);
      if (!drained) {
        for (const controller of this.inflight) controller.abort();
        // Let aborted handlers report their failure while the connections are still open.
        await Promise.race([graceful, sleep(1_000)]);
        await Promise.all(this.workers.map((w) => w.close(true).catch(() => {})));
      }
    }
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => {})));
    await this.backend.close();
    return { drained };
  }
}

function deadLetterOf(name: JobName, job: Job): DeadLetter {
  return {
    job: name,
    id: String(job.id),
    payload: job.data,
    attemptsMade: job.attemptsMade,
    failedReason: job.failedReason,
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    enqueuedAt: new Date(job.timestamp).toISOString(),
  };
}
