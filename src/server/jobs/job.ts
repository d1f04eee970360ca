import type { z } from "zod";

/**
 * A job declared as data: its name, payload schema and retry policy travel together, so the
 * producer, the worker and the dead-letter view all agree on them.
 */
export interface JobDefinition<Name extends string = string, Payload extends z.ZodType = z.ZodType> {
  readonly name: Name;
  readonly payload: Payload;
  /** Total tries, the first included. */
  readonly attempts: number;
  /** Exponential backoff: retry n waits `backoffMs * 2^(n-1)`. */
  readonly backoffMs: number;
  /** The handler is aborted (and the try counts as failed) past this. */
  readonly timeoutMs: number;
  /** Parallel jobs of this kind per worker process; defaults to WORKER_CONCURRENCY. */
  readonly concurrency?: number;
}

export function defineJob<const Name extends string, Payload extends z.ZodType>(
  definition: JobDefinition<Name, Payload>,
): JobDefinition<Name, Payload> {
  return definition;
}

export type PayloadOf<D> = D extends JobDefinition<string, infer P> ? z.infer<P> : never;

export interface JobContext {
  readonly jobId: string;
  /** 1 on the first try. */
  readonly attempt: number;
  readonly signal: AbortSignal;
  /** Identifies the worker process, for logs and effects. */
  readonly workerId: string;
}

/**
 * Thrown by a handler for a failure no retry can fix (bad input, a refused permission): the
 * job goes straight to the dead letters.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

export class JobTimeoutError extends Error {
  constructor(jobName: string, timeoutMs: number) {
    super(`${jobName} timed out after ${timeoutMs} ms`);
    this.name = "JobTimeoutError";
  }
}
