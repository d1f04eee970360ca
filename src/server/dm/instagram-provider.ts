import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { windowOpen } from "../conversations/contacts-repo.ts";
import type { Db } from "../db/database.ts";
import { contacts } from "../db/schema/index.ts";
import { AppError } from "../errors.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import type { LeadRow, LeadsRepo } from "../leads/leads-repo.ts";
import type { DmRequest, MessagingProvider } from "./messaging-provider.ts";

/** BullMQ's own dedupe for one key (its job ids may not contain ":"). */
export const dmJobId = (key: string) => `dm-${createHash("sha256").update(key).digest("hex").slice(0, 40)}`;

/** The conversation a lead came from, in the lead's own workspace. */
export async function leadContact(db: Db, lead: LeadRow) {
  if (!lead.contactId) return undefined;
  const [contact] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, lead.workspaceId), eq(contacts.id, lead.contactId)));
  return contact;
}

/**
 * Instagram through the Sender: the lead must have a conversation whose 24-hour window is open
 * (409 window_closed otherwise, checked again when the job sends); the send itself is a job
 * (dm-send) with retries, pacing and exactly-once delivery.
 */
export class InstagramProvider implements MessagingProvider {
  readonly channel = "instagram" as const;
  constructor(private readonly deps: { db: Db; leads: LeadsRepo; jobQueue: JobQueue; now?: () => Date }) {}

  async send(request: DmRequest, onlyIfFailed = false): Promise<LeadRow> {
    const contact = await leadContact(this.deps.db, request.lead);
    if (!contact) throw new AppError("conflict", "this lead has no Instagram conversation to send in");
    if (!windowOpen(contact, this.deps.now?.() ?? new Date())) {
      throw new AppError(
        "window_closed",
        "the person has not written in the last 24 hours: Instagram allows no automated DM now",
      );
    }
    const row = await this.deps.leads.setDm(
      request.workspaceId,
      request.lead.id,
      {
        dmStatus: "pending",
        dmProvider: "instagram",
        dmError: null,
        dmAttempts: 0,
        dmRequestKey: request.key,
        dmText: request.text,
      },
      onlyIfFailed ? "failed" : undefined,
    );
    if (!row) throw new AppError("conflict", "only a failed DM can be retried");
    await this.deps.jobQueue.enqueue(
      "dmSend",
      { workspaceId: request.workspaceId, leadId: request.lead.id, key: request.key, text: request.text },
      { jobId: dmJobId(request.key) },
    );
    return row;
  }
}
