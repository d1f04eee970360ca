import { and, desc, eq, gt, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Conversation, Message } from "../../shared/api/inbox.ts";
import type { Db } from "../db/database.ts";
import { authUsers, automations, contacts, conversations, messages } from "../db/schema/index.ts";
import { AppError } from "../errors.ts";

const flag = z.enum(["true", "false"]).transform((v) => v === "true");

export const ConversationFilter = z.object({
  accountId: z.string().uuid().optional(),
  unread: flag.optional(),
  priority: flag.optional(),
  /** `me`: assigned to the caller; `none`: unassigned. */
  assigned: z.enum(["me", "none"]).optional(),
  handedOver: flag.optional(),
  windowOpen: flag.optional(),
  tag: z.string().trim().min(1).max(100).optional(),
  /** Searches names, usernames and the messages' text. */
  q: z.string().trim().min(1).max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type ConversationFilter = z.infer<typeof ConversationFilter>;

export const ThreadPage = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Days a member may still answer with HUMAN_AGENT after the person's last message. */
const HUMAN_AGENT_MS = 7 * 86_400_000;

const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const at = new Date(iso ?? "");
  if (!id || !z.string().uuid().safeParse(id).success || Number.isNaN(at.getTime()))
    throw new AppError("validation_failed", "cursor: not a cursor this API gave");
  return { at, id };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const conversationColumns = {
  conversation: conversations,
  contact: {
    igsid: contacts.igsid,
    username: contacts.username,
    name: contacts.name,
    tags: contacts.tags,
    isLead: contacts.isLead,
    lastInboundAt: contacts.lastInboundAt,
    botPausedUntil: contacts.botPausedUntil,
    needsHuman: contacts.needsHuman,
  },
};
type ConversationJoin = {
  conversation: typeof conversations.$inferSelect;
  contact: {
    igsid: string;
    username: string | null;
    name: string | null;
    tags: string[];
    isLead: boolean;
    lastInboundAt: Date | null;
    botPausedUntil: Date | null;
    needsHuman: boolean;
  };
};

function toConversation({ conversation: cv, contact: k }: ConversationJoin, now: Date): Conversation {
  const paused = k.botPausedUntil !== null && k.botPausedUntil > now;
  return {
    id: cv.contactId,
    accountId: cv.accountId,
    person: { igsid: k.igsid, username: k.username, name: k.name },
    lastMessageAt: cv.lastMessageAt.toISOString(),
    preview: cv.lastMessagePreview,
    lastDirection: cv.lastMessageDirection === "in" ? "in" : "out",
    unreadCount: cv.unreadCount,
    priority: cv.priority,
    assigneeId: cv.assigneeId,
    tags: k.tags,
    isLead: k.isLead,
    canReplyUntil: cv.canReplyUntil?.toISOString() ?? null,
    humanAgentUntil: k.lastInboundAt
      ? new Date(k.lastInboundAt.getTime() + HUMAN_AGENT_MS).toISOString()
      : null,
    bot: {
      state: paused ? (k.needsHuman ? "handed_over" : "paused") : "active",
      pausedUntil: paused ? (k.botPausedUntil?.toISOString() ?? null) : null,
    },
  };
}

export async function listConversations(
  db: Db,
  scope: { workspaceId: string; userId: string | null },
  f: ConversationFilter,
  now: Date,
): Promise<{ items: Conversation[]; nextCursor: string | null; now: string }> {
  const where: SQL[] = [eq(conversations.workspaceId, scope.workspaceId)];
  if (f.accountId) where.push(eq(conversations.accountId, f.accountId));
  if (f.unread !== undefined)
    where.push(f.unread ? gt(conversations.unreadCount, 0) : eq(conversations.unreadCount, 0));
  if (f.priority !== undefined) where.push(eq(conversations.priority, f.priority));
  if (f.assigned === "none") where.push(sql`${conversations.assigneeId} is null`);
  if (f.assigned === "me") where.push(eq(conversations.assigneeId, scope.userId ?? "\u0000no-user"));
  if (f.handedOver !== undefined)
    where.push(
      f.handedOver
        ? (and(eq(contacts.needsHuman, true), gt(contacts.botPausedUntil, now)) as SQL)
        : sql`not (${contacts.needsHuman} and coalesce(${contacts.botPausedUntil} > ${now.toISOString()}::timestamptz, false))`,
    );
  if (f.windowOpen !== undefined)
    where.push(
      f.windowOpen
        ? gt(conversations.canReplyUntil, now)
        : sql`coalesce(${conversations.canReplyUntil} <= ${now.toISOString()}::timestamptz, true)`,
    );
  if (f.tag) where.push(sql`${f.tag} = any(${contacts.tags})`);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    where.push(
      or(
        ilike(contacts.username, like),
        ilike(contacts.name, like),
        sql`exists (select 1 from ${messages} m where m.workspace_id = ${conversations.workspaceId}
          and m.conversation_id = ${conversations.contactId} and m.text ilike ${like})`,
      ) as SQL,
    );
  }
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    where.push(
      sql`(${conversations.lastMessageAt}, ${conversations.contactId}) < (${c.at.toISOString()}::timestamptz, ${c.id}::uuid)`,
    );
  }
  const rows = await db
    .select(conversationColumns)
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(and(...where))
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.contactId))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toConversation(r, now)),
    nextCursor:
      rows.length > f.limit && last
        ? encodeCursor(last.conversation.lastMessageAt, last.conversation.contactId)
        : null,
    now: now.toISOString(),
  };
}

/** One conversation of the workspace, or 404 (another workspace's id included). */
export async function getConversation(db: Db, workspaceId: string, id: string, now: Date) {
  const row = await findConversation(db, workspaceId, id);
  if (!row) throw new AppError("not_found", "conversation not found");
  return toConversation(row, now);
}

export async function findConversation(db: Db, workspaceId: string, id: string) {
  if (!z.string().uuid().safeParse(id).success) return undefined;
  const [row] = await db
    .select(conversationColumns)
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.contactId, id)));
  return row;
}

type MessageRow = typeof messages.$inferSelect;

/** The thread, newest first; the names of automations and members in it come in two lookups. */
export async function listMessages(
  db: Db,
  workspaceId: string,
  conversationId: string,
  page: z.infer<typeof ThreadPage>,
): Promise<{ items: Message[]; nextCursor: string | null }> {
  const where: SQL[] = [eq(messages.workspaceId, workspaceId), eq(messages.conversationId, conversationId)];
  if (page.cursor) {
    const c = decodeCursor(page.cursor);
    where.push(sql`(${messages.at}, ${messages.id}) < (${c.at.toISOString()}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await db
    .select()
    .from(messages)
    .where(and(...where))
    .orderBy(desc(messages.at), desc(messages.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const names = await senderNames(db, workspaceId, items);
  const last = items.at(-1);
  return {
    items: items.map((m) => toMessage(m, names)),
    nextCursor: rows.length > page.limit && last ? encodeCursor(last.at, last.id) : null,
  };
}

async function senderNames(db: Db, workspaceId: string, rows: MessageRow[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const uuid = z.string().uuid();
  const automationIds = [
    ...new Set(
      rows.filter((r) => r.senderKind === "automation" || r.senderKind === "ai").map((r) => r.senderRef),
    ),
  ].filter((id): id is string => uuid.safeParse(id).success);
  const memberIds = [
    ...new Set(rows.filter((r) => r.senderKind === "member").map((r) => r.senderRef)),
  ].filter((id): id is string => id !== null);
  if (automationIds.length) {
    const found = await db
      .select({ id: automations.id, name: automations.name })
      .from(automations)
      .where(and(eq(automations.workspaceId, workspaceId), inArray(automations.id, automationIds)));
    for (const a of found) names.set(a.id, a.name);
  }
  if (memberIds.length) {
    const found = await db
      .select({ id: authUsers.id, name: authUsers.name })
      .from(authUsers)
      .where(inArray(authUsers.id, memberIds));
    for (const u of found) names.set(u.id, u.name);
  }
  return names;
}

export function toMessage(m: MessageRow, names: Map<string, string> = new Map()): Message {
  return {
    id: m.id,
    conversationId: m.conversationId,
    direction: m.direction,
    type: m.type,
    text: m.text,
    attachments: m.attachments ?? null,
    ref: m.ref ?? null,
    sender: {
      kind: m.senderKind,
      ref: m.senderRef,
      name: m.senderRef ? (names.get(m.senderRef) ?? null) : null,
    },
    status: m.status,
    metaMessageId: m.metaMessageId,
    failure: m.status === "failed" ? { code: m.failureCode, reason: m.failureReason } : null,
    humanAgent: m.humanAgent,
    at: m.at.toISOString(),
  };
}

/** Rows changed since `since` (the live stream), oldest change first. */
export async function conversationsChangedSince(db: Db, workspaceId: string, since: Date, now: Date) {
  const rows = await db
    .select(conversationColumns)
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(and(eq(conversations.workspaceId, workspaceId), gt(conversations.updatedAt, since)))
    .orderBy(conversations.updatedAt)
    .limit(200);
  return rows.map((r) => ({ updatedAt: r.conversation.updatedAt, item: toConversation(r, now) }));
}
