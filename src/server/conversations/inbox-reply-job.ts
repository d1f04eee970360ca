import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { contacts, instagramAccounts, messages } from "../db/schema/index.ts";
import type { AccountGraph } from "../instagram/account-graph.ts";
import { PermanentJobError } from "../jobs/job.ts";
import type { SendPacer } from "../messaging/send-pacer.ts";
import type { Sender } from "../messaging/sender.ts";
import type { Logger } from "../observability/logger.ts";

/**
 * Sends one reply typed in the inbox, through the Sender (intent row, reconciliation, exactly
 * once under the key `inbox:<messageId>`), within the account's send budget. A transient
 * failure throws (the job retries, the thread shows it pending); a permanent one leaves the
 * message failed with Meta's reason.
 */
export async function sendInboxReply(
  deps: { db: Db; sender: Sender; graphs: AccountGraph; pacer: SendPacer; logger: Logger },
  messageId: string,
): Promise<void> {
  const [message] = await deps.db.select().from(messages).where(eq(messages.id, messageId));
  if (message?.senderKind !== "member" || message.status !== "pending") return;
  const [contact] = await deps.db.select().from(contacts).where(eq(contacts.id, message.conversationId));
  const [account] = await deps.db
    .select()
    .from(instagramAccounts)
    .where(eq(instagramAccounts.id, message.accountId));
  if (!contact || !account) return;
  if (account.status !== "connected") {
    await deps.db.execute(sql`update autodm.messages set status = 'failed', failure_reason =
      'the Instagram account is not connected' where id = ${message.id} and status = 'pending'`);
    throw new PermanentJobError("account not connected");
  }
  const token = await deps.pacer.take(account.id, "send");
  if (!token.ok) throw new Error(`send budget exhausted; retry in ${token.waitMs} ms`);
  const outcome = await deps.sender.send(
    deps.graphs.client(account.loginType),
    deps.graphs.account(account),
    {
      workspaceId: message.workspaceId,
      accountId: account.id,
      contactId: contact.id,
      key: `inbox:${message.id}`,
      id: message.id,
      channel: "send",
      recipientId: contact.igsid,
      message: { kind: "text", text: message.text ?? "" },
      author: { kind: "member", ref: message.senderRef },
      humanAgent: message.humanAgent,
    },
  );
  if (outcome.kind === "sent") {
    await deps.db.update(contacts).set({ lastOutboundAt: new Date() }).where(eq(contacts.id, contact.id));
    return;
  }
  if (outcome.kind === "failed") {
    deps.logger.info({ messageId, code: outcome.error.code }, "inbox.reply-failed");
    if (outcome.error.errorClass !== "permanent") throw outcome.error; // retried; the intent is resent
  }
}
