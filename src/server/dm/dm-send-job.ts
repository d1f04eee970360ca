import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { ContactsRepo, windowOpen } from "../conversations/contacts-repo.ts";
import type { Db } from "../db/database.ts";
import type { AccountGraph } from "../instagram/account-graph.ts";
import { AccountsRepo } from "../instagram/accounts-repo.ts";
import type { GraphError } from "../instagram/graph-error.ts";
import { jobs } from "../jobs/catalog.ts";
import { type JobContext, type PayloadOf, PermanentJobError } from "../jobs/job.ts";
import { LeadsRepo } from "../leads/leads-repo.ts";
import type { SendPacer } from "../messaging/send-pacer.ts";
import type { Sender } from "../messaging/sender.ts";
import type { Logger } from "../observability/logger.ts";
import { leadContact } from "./instagram-provider.ts";

const MAX_PACING_WAIT_MS = 2_000;

/**
 * The dm-send job: one DM asked for through the API, sent by the Sender under its idempotency
 * key (so a retried job never sends twice). Each try is counted on the lead; a transient
 * failure retries with backoff, and the last one (or a permanent refusal) marks the lead
 * failed with the reason and leaves the job in the dead letters.
 */
export function dmSendHandler(deps: {
  db: Db;
  sender: Sender;
  graphs: AccountGraph;
  pacer: SendPacer;
  logger: Logger;
}) {
  const leads = new LeadsRepo(deps.db);
  const contactsRepo = new ContactsRepo(deps.db);
  const accounts = new AccountsRepo(deps.db);

  return async (payload: PayloadOf<typeof jobs.dmSend>, ctx: JobContext) => {
    const { workspaceId, leadId, key } = payload;
    const last = ctx.attempt >= jobs.dmSend.attempts;
    const fail = async (reason: string, permanent: boolean, cause?: unknown) => {
      await leads.setDm(workspaceId, leadId, {
        dmError: reason.slice(0, 500),
        ...(permanent || last ? { dmStatus: "failed" as const } : {}),
      });
      if (permanent) throw new PermanentJobError(reason, { cause });
      throw cause instanceof Error ? cause : new Error(reason);
    };

    const lead = await leads.get(workspaceId, leadId).catch(() => undefined);
    if (!lead || lead.dmRequestKey !== key) return; // deleted, or a newer request took its place
    await leads.setDm(workspaceId, leadId, { dmAttempts: sql`dm_attempts + 1` });
    const contact = await leadContact(deps.db, lead);
    if (!contact) return fail("the lead has no Instagram conversation", true);
    const account = await accounts.get(workspaceId, contact.accountId);
    if (!account) return fail("the Instagram account is no longer connected", true);
    if (!windowOpen(contact, new Date())) return fail("window_closed: the 24-hour window closed", true);

    for (let tries = 0; ; tries++) {
      const token = await deps.pacer.take(account.id, "send");
      if (token.ok) break;
      if (token.waitMs > MAX_PACING_WAIT_MS || tries >= 5)
        return fail("paced: the account's send budget is used up", false);
      await sleep(token.waitMs);
    }

    let outcome: Awaited<ReturnType<Sender["send"]>>;
    try {
      outcome = await deps.sender.send(deps.graphs.client(account.loginType), deps.graphs.account(account), {
        workspaceId,
        accountId: account.id,
        contactId: contact.id,
        key,
        channel: "send",
        recipientId: contact.igsid,
        message: { kind: "text", text: payload.text },
      });
    } catch (err) {
      return fail(err instanceof Error ? err.message : String(err), false, err);
    }
    if (outcome.kind === "sent") {
      await contactsRepo.touchOutbound(contact.id, new Date());
      await leads.setDm(workspaceId, leadId, {
        dmStatus: "sent",
        dmMessageId: outcome.messageId,
        dmSentAt: new Date(),
        dmError: null,
      });
      deps.logger.info({ workspaceId, leadId }, "dm-api.sent");
      return;
    }
    if (outcome.kind === "duplicate") return;
    const error: GraphError = outcome.error;
    const reason = `${error.isOutsideWindow ? "window_closed" : "meta_error"}: ${error.message} (code ${error.code})`;
    return fail(reason, error.errorClass === "permanent", error);
  };
}
