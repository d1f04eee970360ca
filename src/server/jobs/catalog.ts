import { z } from "zod";
import { defineJob } from "./job.ts";

/**
 * Every job autodm runs. Adding a job = one entry here + one handler in the worker's handler
 * map (the type checker insists on both).
 */
export const jobs = {
  /**
   * Proves the queue on every backend: records an idempotent effect per key, can be told to
   * fail its first tries or to take a while.
   */
  demo: defineJob({
    name: "demo",
    payload: z.object({
      key: z.string().min(1).max(200),
      /** Fail until the key has been executed this many times (≥ attempts: dead-lettered). */
      failTimes: z.number().int().min(0).max(100).default(0),
      sleepMs: z.number().int().min(0).max(60_000).default(0),
    }),
    attempts: 4,
    backoffMs: 200,
    timeoutMs: 30_000,
  }),
  /**
   * One person's mailbox: handles their pending inbound events in arrival order. Deduplicated
   * per (account, person) with keepLastIfActive, so it never runs twice at once for a person.
   */
  processPerson: defineJob({
    name: "process-person",
    payload: z.object({ igAccountId: z.string().min(1).max(64), personId: z.string().max(64) }),
    attempts: 8,
    backoffMs: 500,
    timeoutMs: 120_000,
  }),
  /** Continues a suspended automation run (after a delay action, a rate limit or a reconnect). */
  resumeRun: defineJob({
    name: "resume-run",
    payload: z.object({ runId: z.string().uuid() }),
    attempts: 5,
    backoffMs: 1_000,
    timeoutMs: 120_000,
  }),
  /**
   * A data-deletion request from Meta (src/server/compliance): one transaction deletes the
   * person's rows everywhere; it is retried (about 3 hours of tries, then the dead letters,
   * from where it can be retried again) until it succeeds.
   */
  deletePersonData: defineJob({
    name: "delete-person-data",
    payload: z.object({ confirmationCode: z.string().min(8).max(64) }),
    attempts: 12,
    backoffMs: 5_000,
    timeoutMs: 300_000,
  }),
  /** A reply typed in the inbox: sent through the Sender, exactly once (key `inbox:<messageId>`). */
  sendInboxReply: defineJob({
    name: "send-inbox-reply",
    payload: z.object({ messageId: z.string().uuid() }),
    attempts: 6,
    backoffMs: 1_000,
    timeoutMs: 60_000,
  }),
  /** A DM asked for through the DM API (src/server/dm): 1 try + 3 retries with backoff, then the dead letters. */
  dmSend: defineJob({
    name: "dm-send",
    payload: z.object({
      workspaceId: z.string().min(1).max(64),
      leadId: z.string().uuid(),
      key: z.string().min(1).max(400),
      text: z.string().min(1).max(1000),
    }),
    attempts: 4,
    backoffMs: 500,
    timeoutMs: 60_000,
  }),
  /** Every minute: re-enqueues mailboxes with events left pending (a crash between store and enqueue). */
  sweepPending: defineJob({
    name: "sweep-pending",
    payload: z.object({}),
    attempts: 1,
    backoffMs: 1_000,
    timeoutMs: 60_000,
    concurrency: 1,
  }),
  /** Daily: deletes raw webhook payloads and activity older than RETENTION_DAYS. */
  pruneRetention: defineJob({
    name: "prune-retention",
    payload: z.object({}),
    attempts: 3,
    backoffMs: 60_000,
    timeoutMs: 10 * 60_000,
    concurrency: 1,
  }),
  /** Daily: renews Instagram Login tokens ≥ 24 h old and < 10 days from expiry. */
  refreshTokens: defineJob({
    name: "refresh-tokens",
    payload: z.object({}),
    attempts: 3,
    backoffMs: 60_000,
    timeoutMs: 10 * 60_000,
    concurrency: 1,
  }),
} as const;

export type JobCatalog = typeof jobs;
export type JobName = keyof JobCatalog;
