import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { dataDeletionRequests } from "../db/schema/index.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import type { Logger } from "../observability/logger.ts";
import { type DeletionCounts, deletePersonData } from "./person-deletion.ts";

export type DeletionRequest = typeof dataDeletionRequests.$inferSelect;

/**
 * Meta's data-deletion callback (META_PLATFORM.md §6): a request is recorded with a
 * confirmation code and handed to the deletePersonData job, which retries until the person's
 * data is gone from every workspace. The status page reads the request by its code.
 */
export class DataDeletionService {
  constructor(private readonly deps: { db: Db; jobQueue: JobQueue; logger: Logger }) {}

  async request(igsid: string): Promise<{ confirmationCode: string }> {
    // Unguessable: the code is all the status page asks for.
    const confirmationCode = randomBytes(12).toString("base64url");
    await this.deps.db.insert(dataDeletionRequests).values({ confirmationCode, userId: igsid });
    await this.deps.jobQueue.enqueue(
      "deletePersonData",
      { confirmationCode },
      { jobId: `delete-${confirmationCode}` },
    );
    this.deps.logger.info({ confirmationCode }, "compliance.deletion-requested");
    return { confirmationCode };
  }

  async status(
    confirmationCode: string,
  ): Promise<Pick<DeletionRequest, "status" | "requestedAt" | "completedAt"> | undefined> {
    const [row] = await this.deps.db
      .select({
        status: dataDeletionRequests.status,
        requestedAt: dataDeletionRequests.requestedAt,
        completedAt: dataDeletionRequests.completedAt,
      })
      .from(dataDeletionRequests)
      .where(eq(dataDeletionRequests.confirmationCode, confirmationCode));
    return row;
  }

  /** The job's work: idempotent, so a retry after a crash (or a second delivery) is harmless. */
  async run(confirmationCode: string): Promise<DeletionCounts | undefined> {
    const [row] = await this.deps.db
      .select()
      .from(dataDeletionRequests)
      .where(eq(dataDeletionRequests.confirmationCode, confirmationCode));
    if (!row || row.status === "done" || !row.userId) return undefined;
    const counts = await deletePersonData(this.deps.db, row.userId);
    // The person's id is the last thing of theirs autodm kept.
    await this.deps.db
      .update(dataDeletionRequests)
      .set({ status: "done", counts, completedAt: new Date(), userId: null })
      .where(
        and(
          eq(dataDeletionRequests.confirmationCode, confirmationCode),
          eq(dataDeletionRequests.status, "pending"),
        ),
      );
    this.deps.logger.info({ confirmationCode, counts }, "compliance.deletion-done");
    return counts;
  }
}
