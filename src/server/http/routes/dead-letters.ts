import { Hono } from "hono";
import { z } from "zod";
import { type JobName, jobs } from "../../jobs/catalog.ts";
import type { JobQueue } from "../../jobs/job-queue.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";

const Job = z.enum(Object.keys(jobs) as [JobName, ...JobName[]]);

/** Jobs that failed their last attempt: list them, put one back in line. (Operators.) */
export function deadLetterRoutes(deps: { jobQueue: JobQueue }) {
  return new Hono<AppEnv>()
    .get(
      "/api/jobs/dead-letters",
      validate(
        "query",
        z.object({
          job: Job.default("processPerson"),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      ),
      async (c) => {
        const { job, limit } = c.req.valid("query");
        return c.json({ deadLetters: await deps.jobQueue.listDeadLetters(job, { limit }) });
      },
    )
    .post(
      "/api/jobs/dead-letters/:job/:id/retry",
      validate("param", z.object({ job: Job, id: z.string().min(1).max(200) })),
      async (c) => {
        const { job, id } = c.req.valid("param");
        await deps.jobQueue.retryDeadLetter(job, id);
        return c.json({ retried: true }, 202);
      },
    );
}
