import { and, eq, inArray } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { DeadLetterList, DeadLetterRetried, WorkspaceDeadLetterJob } from "../../../shared/api/activity.ts";
import type { Db } from "../../db/database.ts";
import { automationRuns, instagramAccounts, messages } from "../../db/schema/index.ts";
import { AppError } from "../../errors.ts";
import type { DeadLetter, JobQueue } from "../../jobs/job-queue.ts";
import type { AppEnv } from "../app-env.ts";
import { reply } from "../respond.ts";
import { validate } from "../validate.ts";

/**
 * The job kinds whose payload belongs to one workspace. The others (retention, token refresh,
 * sweeps) are the installation's, listed and retried by its operator with `autodm dead-letters`.
 */
const WorkspaceJob = WorkspaceDeadLetterJob;
type WorkspaceJob = WorkspaceDeadLetterJob;

/** BullMQ lists a kind's failed set for everyone; this many are read, then filtered. */
const SCAN = 1_000;

/** Which of `letters` belong to `workspaceId`, by the account or run their payload names. */
async function ownedBy(db: Db, workspaceId: string, job: WorkspaceJob, letters: DeadLetter[]) {
  if (letters.length === 0) return [];
  // A DM API send names its workspace itself.
  if (job === "dmSend")
    return letters.filter((l) => (l.payload as { workspaceId?: string }).workspaceId === workspaceId);
  if (job === "sendInboxReply") {
    // A member's reply from the inbox: its message row says whose it is.
    const ids = [...new Set(letters.map((l) => String((l.payload as { messageId: string }).messageId)))];
    const rows = await db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.id, ids)));
    const mine = new Set(rows.map((r) => r.id));
    return letters.filter((l) => mine.has(String((l.payload as { messageId: string }).messageId)));
  }
  if (job === "processPerson") {
    const ids = [...new Set(letters.map((l) => String((l.payload as { igAccountId: string }).igAccountId)))];
    const rows = await db
      .select({ id: instagramAccounts.igUserId })
      .from(instagramAccounts)
      .where(and(eq(instagramAccounts.workspaceId, workspaceId), inArray(instagramAccounts.igUserId, ids)));
    const mine = new Set(rows.map((r) => r.id));
    return letters.filter((l) => mine.has(String((l.payload as { igAccountId: string }).igAccountId)));
  }
  const ids = [...new Set(letters.map((l) => String((l.payload as { runId: string }).runId)))];
  const rows = await db
    .select({ id: automationRuns.id })
    .from(automationRuns)
    .where(and(eq(automationRuns.workspaceId, workspaceId), inArray(automationRuns.id, ids)));
  const mine = new Set(rows.map((r) => r.id));
  return letters.filter((l) => mine.has(String((l.payload as { runId: string }).runId)));
}

/** The caller's workspace's jobs that failed their last attempt: list them, put one back in line. */
export function deadLetterRoutes(deps: { jobQueue: JobQueue; db: Db }) {
  return new Hono<AppEnv>()
    .get(
      "/api/jobs/dead-letters",
      validate(
        "query",
        z.object({
          job: WorkspaceJob.default("processPerson"),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      ),
      async (c) => {
        const { job, limit } = c.req.valid("query");
        const letters = await deps.jobQueue.listDeadLetters(job, { limit: SCAN });
        const mine = await ownedBy(deps.db, c.get("workspaceId"), job, letters);
        return reply(c, DeadLetterList, { deadLetters: mine.slice(0, limit) });
      },
    )
    .post(
      "/api/jobs/dead-letters/:job/:id/retry",
      validate("param", z.object({ job: WorkspaceJob, id: z.string().min(1).max(200) })),
      async (c) => {
        const { job, id } = c.req.valid("param");
        const letter = await deps.jobQueue.getDeadLetter(job, id);
        const [mine] = letter ? await ownedBy(deps.db, c.get("workspaceId"), job, [letter]) : [];
        if (!mine) throw new AppError("not_found", `no dead letter ${job}/${id}`);
        await deps.jobQueue.retryDeadLetter(job, id);
        return reply(c, DeadLetterRetried, { retried: true }, 202);
      },
    );
}
