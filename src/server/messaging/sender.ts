import { and, eq, gte, type SQL, sql } from "drizzle-orm";
import type { MessageContent } from "../conversations/inbound-message.ts";
import {
  type MessageAuthor,
  mapRow,
  outboundThreadCtes,
  outcomeThreadCte,
} from "../conversations/thread-writes.ts";
import type { Db } from "../db/database.ts";
import { inboundEvents, outboundMessages } from "../db/schema/index.ts";
import type { GraphAccount, GraphClient } from "../instagram/graph-client.ts";
import { classifyGraphError, GraphError } from "../instagram/graph-error.ts";
import type { OutgoingMessage } from "../instagram/outgoing-message.ts";
import type { Logger } from "../observability/logger.ts";

export type OutboundRow = typeof outboundMessages.$inferSelect;

/**
 * One send. Its identity is either a run's action (runId + actionIndex) or an idempotency key of
 * its own kind (`inbox:<messageId>`); a second send of the same identity never calls Meta again.
 */
export interface SendIntent {
  workspaceId: string;
  accountId: string;
  contactId: string;
  runId?: string | null;
  actionIndex?: number | null;
  key?: string;
  /** The intent row's id when the caller chose it (an inbox reply: its message id). */
  id?: string;
  /** Who wrote it, for the thread (default: an automation). */
  author?: MessageAuthor;
  /** Meta's HUMAN_AGENT tag (a member's reply between 24 h and 7 days). */
  humanAgent?: boolean;
  channel: "send" | "private_reply" | "public_reply";
  recipientId: string;
  commentId?: string;
  message: OutgoingMessage;
}

export type SendOutcome =
  | { kind: "sent"; messageId: string | null; reconciled: boolean }
  | { kind: "failed"; error: GraphError }
  /** The private reply to this comment was already sent (by an earlier run or a retry). */
  | { kind: "duplicate" };

/** Outcome unknown (no answer); the echo may still be on its way: wait before deciding. */
export class AwaitingReconciliation extends Error {
  constructor() {
    super("an earlier try may have been delivered; waiting for Meta's echo before resending");
    this.name = "AwaitingReconciliation";
  }
}

const ECHO_GRACE_MS = 10_000;

function textOf(message: OutgoingMessage): string | null {
  return message.kind === "text" || message.kind === "buttons" ? message.text : null;
}

/** How an outgoing message reads in the thread. */
function contentOf(message: OutgoingMessage): MessageContent {
  if (message.kind === "media")
    return {
      type: "media",
      text: null,
      attachments: [{ type: message.mediaType, url: message.url }],
      ref: null,
    };
  const text = textOf(message);
  return text !== null
    ? { type: "text", text, attachments: null, ref: null }
    : { type: "unsupported", text: null, attachments: null, ref: null };
}

/**
 * Sends one message at most once. The intent row is written before the call; an answer
 * completes it. A crash (or a timeout) in between leaves it `sending`, and a retry first looks
 * for proof of delivery — the echo Meta sends for every message (same recipient and text), or
 * for a public reply the comment Meta sends back — and only resends after a grace period
 * without one.
 */
export class Sender {
  constructor(private readonly deps: { db: Db; logger: Logger; now?: () => Date }) {}

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  async send(graph: GraphClient, account: GraphAccount, intent: SendIntent): Promise<SendOutcome> {
    const text = textOf(intent.message);
    const insert = this.deps.db
      .insert(outboundMessages)
      .values({
        ...(intent.id ? { id: intent.id } : {}),
        workspaceId: intent.workspaceId,
        accountId: intent.accountId,
        contactId: intent.contactId,
        runId: intent.runId ?? null,
        actionIndex: intent.actionIndex ?? null,
        idempotencyKey: intent.key ?? null,
        channel: intent.channel,
        recipientId: intent.recipientId,
        commentId: intent.commentId ?? null,
        body: intent.message,
        text,
        status: "sending",
        attempts: 1,
      })
      .onConflictDoNothing()
      .returning();
    // The thread's message is written by the same statement (pending until the answer).
    const thread = outboundThreadCtes(
      contentOf(intent.message),
      intent.author ?? { kind: "automation" },
      intent.commentId ? { kind: "comment", id: intent.commentId } : null,
      intent.humanAgent ?? false,
    );
    const inserted = await this.deps.db.execute<Record<string, unknown>>(
      sql`with o as (${insert.getSQL()}), ${thread} select * from o`,
    );
    let row: OutboundRow | undefined = inserted.rows[0]
      ? mapRow(outboundMessages, inserted.rows[0])
      : undefined;

    if (!row) {
      const [existing] = await this.deps.db
        .select()
        .from(outboundMessages)
        .where(
          intent.key
            ? eq(outboundMessages.idempotencyKey, intent.key)
            : and(
                eq(outboundMessages.runId, intent.runId ?? ""),
                eq(outboundMessages.actionIndex, intent.actionIndex ?? -1),
              ),
        );
      if (!existing) {
        // The conflict was the one-private-reply-per-comment index: another run replied already.
        return { kind: "duplicate" };
      }
      const settled = await this.settle(existing, graph, account);
      if (settled) return settled;
      row = existing;
      await this.deps.db
        .update(outboundMessages)
        .set({ status: "sending", attempts: sql`${outboundMessages.attempts} + 1` })
        .where(eq(outboundMessages.id, row.id));
    }
    return this.call(graph, account, intent, row);
  }

  /** For an intent seen before: its final outcome if known, else undefined (resend). */
  private async settle(
    row: OutboundRow,
    graph: GraphClient,
    account: GraphAccount,
  ): Promise<SendOutcome | undefined> {
    if (row.status === "sent") return { kind: "sent", messageId: row.metaMessageId, reconciled: false };
    // Only a permanent refusal is final. A transient error (1, 2, -1), a rate limit (4, 17, 32,
    // 613…) or an expired token (190) got an answer and nothing was delivered: resend. (Before,
    // a run parked on 190 or 613 replayed the stored failure on resume — re-parking forever and
    // flipping a freshly reconnected account back to "expired".)
    if (
      row.status === "failed" &&
      row.errorCode !== null &&
      classifyGraphError({ httpStatus: 400, code: row.errorCode }) === "permanent"
    ) {
      return {
        kind: "failed",
        error: new GraphError(row.errorMessage ?? "failed", {
          httpStatus: 400,
          code: row.errorCode,
          subcode: row.errorSubcode ?? undefined,
        }),
      };
    }
    if (row.status === "sending") {
      const proof = await this.findDeliveryProof(row, account);
      if (proof !== undefined) {
        await this.markSent(row.id, proof, "echo");
        this.deps.logger.info({ outboundId: row.id, channel: row.channel }, "send.reconciled");
        return { kind: "sent", messageId: proof, reconciled: true };
      }
      if (this.now().getTime() - row.createdAt.getTime() < ECHO_GRACE_MS) throw new AwaitingReconciliation();
      // No echo yet (webhooks can be late, or lost): ask Meta for the thread before resending.
      const found = await this.findInConversation(graph, account, row);
      if (found) {
        await this.markSent(row.id, found, "echo");
        this.deps.logger.info(
          { outboundId: row.id, channel: row.channel },
          "send.reconciled-by-conversation",
        );
        return { kind: "sent", messageId: found, reconciled: true };
      }
    }
    return undefined;
  }

  /**
   * Our message in the person's conversation, read through the Conversations API: sent by the
   * account, same text, no earlier than the intent, and not already claimed by another send.
   * A lookup that fails throws (the job retries later): resending blind could send twice.
   */
  private async findInConversation(
    graph: GraphClient,
    account: GraphAccount,
    row: OutboundRow,
  ): Promise<string | undefined> {
    if (row.channel === "public_reply" || row.text === null) return undefined;
    const conversations = await graph.listConversations(account, { userId: row.recipientId });
    const conversationId = conversations.data[0]?.id;
    if (!conversationId) return undefined;
    const thread = await graph.getConversationMessages(account, conversationId);
    const notBefore = row.createdAt.getTime() - 5_000;
    for (const item of (thread.messages?.data ?? []).slice(0, 20)) {
      if (item.created_time && Date.parse(item.created_time) < notBefore) continue;
      const message = await graph.getMessage(account, item.id);
      if (message.from?.id !== account.igUserId || message.message !== row.text) continue;
      const [claimed] = await this.deps.db
        .select({ id: outboundMessages.id })
        .from(outboundMessages)
        .where(eq(outboundMessages.metaMessageId, message.id))
        .limit(1);
      if (!claimed) return message.id;
    }
    return undefined;
  }

  /** The mid of our message as Meta echoed it, or of our public reply as it came back. */
  private async findDeliveryProof(
    row: OutboundRow,
    account: GraphAccount,
  ): Promise<string | null | undefined> {
    const since = new Date(row.createdAt.getTime() - 2_000);
    if (row.channel === "public_reply") {
      const [reply] = await this.deps.db
        .select({ id: sql<string>`${inboundEvents.event}->'comment'->>'id'` })
        .from(inboundEvents)
        .where(
          and(
            eq(inboundEvents.igAccountId, account.igUserId),
            eq(inboundEvents.kind, "comment"),
            gte(inboundEvents.receivedAt, since),
            sql`(${inboundEvents.event}->>'isSelf')::boolean`,
            sql`${inboundEvents.event}->'comment'->>'parentId' = ${row.commentId}`,
            sql`${inboundEvents.event}->>'text' = ${row.text}`,
          ),
        )
        .limit(1);
      return reply ? reply.id : undefined;
    }
    if (row.text === null) return undefined; // media/templates: no text to match; resend after grace
    const [echo] = await this.deps.db
      .select({ mid: sql<string>`${inboundEvents.event}->>'messageId'` })
      .from(inboundEvents)
      .where(
        and(
          eq(inboundEvents.igAccountId, account.igUserId),
          eq(inboundEvents.kind, "echo"),
          gte(inboundEvents.receivedAt, since),
          sql`${inboundEvents.event}->>'text' = ${row.text}`,
          // A private reply's echo goes to the commenter, whose IGSID we learn from the comment.
          row.channel === "send" ? eq(inboundEvents.personId, row.recipientId) : sql`true`,
          // An echo already proves another of our messages (same text to the same person: an
          // automation answering each of a person's messages alike). Without this, a retry after
          // a crash took the previous reply's echo as proof and never sent its own: a lost reply.
          sql`not exists (select 1 from ${outboundMessages} o
                where o.account_id = ${row.accountId} and o.id <> ${row.id}
                  and o.meta_message_id = ${inboundEvents.event}->>'messageId')`,
        ),
      )
      .limit(1);
    return echo ? echo.mid : undefined;
  }

  /** An outbound row's update and, in the same statement, its thread message's status. */
  private async complete(update: { getSQL(): SQL }, thread: "pending" | "sent" | "delivered" | "failed") {
    await this.deps.db.execute(
      sql`with o as (${update.getSQL()}), ${outcomeThreadCte(thread)} select count(*) from o`,
    );
  }

  /** `delivered` when Meta's echo (or the thread itself) proved it is in the conversation. */
  async markSent(id: string, messageId: string | null, proof: "answer" | "echo" = "answer", at = this.now()) {
    await this.complete(
      this.deps.db
        .update(outboundMessages)
        .set({ status: "sent", metaMessageId: messageId, sentAt: at, errorCode: null, errorMessage: null })
        .where(eq(outboundMessages.id, id))
        .returning(),
      proof === "echo" ? "delivered" : "sent",
    );
  }

  private async call(
    graph: GraphClient,
    account: GraphAccount,
    intent: SendIntent,
    row: OutboundRow,
  ): Promise<SendOutcome> {
    try {
      let messageId: string;
      if (intent.channel === "public_reply") {
        const text = textOf(intent.message) ?? "";
        messageId = (await graph.publicReply(account, intent.commentId as string, text)).id;
      } else if (intent.channel === "private_reply") {
        messageId = (await graph.privateReply(account, intent.commentId as string, intent.message)).messageId;
      } else {
        messageId = (
          await graph.send(account, { id: intent.recipientId }, intent.message, {
            humanAgent: intent.humanAgent ?? false,
          })
        ).messageId;
      }
      await this.markSent(row.id, messageId);
      return { kind: "sent", messageId, reconciled: false };
    } catch (err) {
      if (!(err instanceof GraphError)) throw err;
      if (err.info.httpStatus === 0) throw err; // no answer: stays `sending`, reconciled on retry
      await this.complete(
        this.deps.db
          .update(outboundMessages)
          .set({
            status: "failed",
            errorCode: err.code,
            errorSubcode: err.subcode ?? null,
            errorMessage: err.message.slice(0, 500),
          })
          .where(eq(outboundMessages.id, row.id))
          .returning(),
        // A transient error is retried: the thread shows it pending until the last word.
        err.errorClass === "permanent" ? "failed" : "pending",
      );
      return { kind: "failed", error: err };
    }
  }
}
