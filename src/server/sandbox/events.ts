import type { Db } from "../db/database.ts";
import { sandboxMessages, sandboxOutbox } from "../db/schema/index.ts";
import type { Logger } from "../observability/logger.ts";
import type { MessageRow } from "./directory.ts";
import { deliveredFields } from "./subscriptions.ts";

export type ThreadKind =
  | "message"
  | "postback"
  | "reaction"
  | "read"
  | "referral"
  | "edit"
  | "private_reply"
  | "sender_action"
  | "public_reply";

/** The webhook field each thread item is delivered under; null: never delivered. */
const FIELD_OF: Record<ThreadKind, string | null> = {
  message: "messages",
  private_reply: "messages",
  postback: "messaging_postbacks",
  reaction: "message_reactions",
  read: "messaging_seen",
  referral: "messaging_referral",
  edit: "message_edit",
  sender_action: null,
  public_reply: null,
};

export interface ThreadItemInput {
  mid: string;
  accountId: string;
  personId: string;
  direction: "inbound" | "outbound";
  kind: ThreadKind;
  body: Record<string, unknown>;
  source: "phone" | "api";
  opensWindow?: boolean;
  at: Date;
}

/**
 * Queues a webhook event when its field is subscribed (on the account or its Page); otherwise
 * nothing is queued, and a debug line says so.
 */
export async function enqueueEvent(
  db: Db,
  logger: Logger,
  event: {
    accountId: string;
    field: string;
    shape: "messaging" | "change";
    payload: Record<string, unknown>;
    at: Date;
  },
): Promise<boolean> {
  const fields = await deliveredFields(db, event.accountId);
  if (!fields.has(event.field)) {
    logger.debug({ accountId: event.accountId, field: event.field }, "sandbox.webhook.unsubscribed");
    return false;
  }
  await db.insert(sandboxOutbox).values({
    accountId: event.accountId,
    field: event.field,
    shape: event.shape,
    payload: event.payload,
    eventTimeMs: event.at.getTime(),
  });
  return true;
}

/**
 * Records a thread item and queues its messaging webhook: inbound items come from the person;
 * outbound ones come back as echoes (sender = the business, `is_echo:true`), as Meta sends them.
 */
export async function recordThreadItem(db: Db, logger: Logger, item: ThreadItemInput): Promise<MessageRow> {
  const [row] = await db
    .insert(sandboxMessages)
    .values({
      mid: item.mid,
      accountId: item.accountId,
      personId: item.personId,
      direction: item.direction,
      kind: item.kind,
      body: item.body,
      source: item.source,
      opensWindow: item.opensWindow ?? false,
      createdAt: item.at,
    })
    .returning();
  const field = FIELD_OF[item.kind];
  if (field) {
    const inbound = item.direction === "inbound";
    let body = item.body;
    if (!inbound) {
      const message = (item.body.message ?? {}) as Record<string, unknown>;
      body = { message: { ...message, is_echo: true } };
    }
    await enqueueEvent(db, logger, {
      accountId: item.accountId,
      field,
      shape: "messaging",
      at: item.at,
      payload: {
        sender: { id: inbound ? item.personId : item.accountId },
        recipient: { id: inbound ? item.accountId : item.personId },
        timestamp: item.at.getTime(),
        ...body,
      },
    });
  }
  return row as MessageRow;
}
