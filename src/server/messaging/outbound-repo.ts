import { and, desc, eq, gte, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { outboundMessages } from "../db/schema/index.ts";
import type { InboundEvent } from "../instagram/inbound-event.ts";
import type { OutboundRow } from "./sender.ts";

/** Reads of outbound_messages outside the Sender (which writes them): recovery and echoes. */
export class OutboundRepo {
  constructor(private readonly db: Db) {}

  /** A run's sends in action order. */
  forRun(runId: string): Promise<OutboundRow[]> {
    return this.db
      .select()
      .from(outboundMessages)
      .where(eq(outboundMessages.runId, runId))
      .orderBy(outboundMessages.actionIndex);
  }

  /**
   * Our send that this echo reports, if any: the Send API answered with its mid, or an intent
   * with the same text is in flight, or (media has no text, and its echo may beat the Send
   * API's answer) a send started in the last minute.
   */
  async echoed(accountId: string, event: InboundEvent): Promise<OutboundRow | undefined> {
    const since = new Date(event.timestamp - 5 * 60_000);
    const [ours] = await this.db
      .select()
      .from(outboundMessages)
      .where(
        and(
          eq(outboundMessages.accountId, accountId),
          eq(outboundMessages.recipientId, event.personId),
          gte(outboundMessages.createdAt, since),
          or(
            event.messageId ? eq(outboundMessages.metaMessageId, event.messageId) : sql`false`,
            and(
              inArray(outboundMessages.status, ["sending", "sent"]),
              event.text !== undefined ? eq(outboundMessages.text, event.text) : sql`false`,
            ),
            and(
              eq(outboundMessages.status, "sending"),
              gte(outboundMessages.createdAt, new Date(event.timestamp - 60_000)),
            ),
          ),
        ),
      )
      .orderBy(desc(outboundMessages.createdAt))
      .limit(1);
    return ours;
  }
}
