import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Conversation, InboxSettings, Message } from "../../shared/api/inbox.ts";
import { META_LIMITS } from "../../shared/meta-limits.ts";
import { type Entitlements, requireFeature } from "../billing/entitlements.ts";
import type { Db } from "../db/database.ts";
import {
  contacts,
  conversations,
  instagramAccounts,
  messages,
  sandboxSettings,
  workspaceMembers,
  workspaceSettings,
} from "../db/schema/index.ts";
import { AppError } from "../errors.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import { WINDOW_MS } from "./contacts-repo.ts";
import { findConversation, getConversation, toMessage } from "./inbox-query.ts";

const HUMAN_AGENT_MS = 7 * 86_400_000;

export const ReplyInput = z.object({
  text: z.string().trim().min(1, "write something first"),
});
export const ConversationPatch = z
  .object({
    priority: z.boolean().optional(),
    addTags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
    removeTags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
  })
  .strict();
export const AssigneeInput = z.object({ assigneeId: z.string().min(1).max(100).nullable() });
export const BotAction = z.object({
  action: z.enum(["pause", "resume", "release"]),
  /** pause only: for how long (default: the workspace's bot pause). */
  minutes: z
    .number()
    .int()
    .min(1)
    .max(30 * 1440)
    .optional(),
});
export const SettingsInput = z
  .object({
    humanAgentReplies: z.boolean(),
    botPauseMinutes: z
      .number()
      .int()
      .min(0)
      .max(30 * 1440),
    followUpHours: z.number().int().min(1).max(168),
  })
  .partial()
  .strict();

type Scope = { workspaceId: string; userId: string | null };

/**
 * The inbox's actions on a conversation: replies within Meta's window rules, read, priority,
 * tags, assignment, the bot's pause / resume / release, and the workspace's settings.
 */
export class InboxService {
  constructor(
    private readonly deps: {
      db: Db;
      jobQueue: JobQueue;
      entitlements: Entitlements;
      /** Server default for the bot pause after a member's reply (HUMAN_TAKEOVER_PAUSE_MINUTES). */
      defaultPauseMinutes: number;
      /** With the sandbox on, the inbox runs on its clock (Advance time moves windows too). */
      sandboxClock: boolean;
    },
  ) {}

  /** Now, as the windows are judged: the sandbox's clock when it plays Instagram. */
  async now(): Promise<Date> {
    if (!this.deps.sandboxClock) return new Date();
    const [clock] = await this.deps.db
      .select({ value: sandboxSettings.value })
      .from(sandboxSettings)
      .where(eq(sandboxSettings.key, "clock"));
    const offset = Number((clock?.value as { offsetMs?: number } | undefined)?.offsetMs ?? 0);
    return new Date(Date.now() + offset);
  }

  async settings(workspaceId: string): Promise<InboxSettings> {
    const [row] = await this.deps.db
      .select()
      .from(workspaceSettings)
      .where(eq(workspaceSettings.workspaceId, workspaceId));
    return {
      humanAgentReplies: row?.humanAgentReplies ?? false,
      botPauseMinutes: row?.botPauseMinutes ?? this.deps.defaultPauseMinutes,
      followUpHours: row?.followUpHours ?? 12,
    };
  }

  async saveSettings(workspaceId: string, input: z.infer<typeof SettingsInput>): Promise<InboxSettings> {
    const merged = { ...(await this.settings(workspaceId)), ...input };
    await this.deps.db
      .insert(workspaceSettings)
      .values({ workspaceId, ...merged })
      .onConflictDoUpdate({
        target: workspaceSettings.workspaceId,
        set: { ...merged, updatedAt: sql`now()` },
      });
    return merged;
  }

  /**
   * A member's reply. Inside 24 h of the person's last message: a normal message. From 24 h to
   * 7 days: only typed by a member (not an API key), only when the workspace enabled human-agent
   * replies, tagged HUMAN_AGENT. Otherwise 409 window_closed saying when it closed. Stored as
   * pending with the bot paused, in one statement; a worker sends it (exactly once, key
   * `inbox:<messageId>`).
   */
  async reply(
    scope: Scope,
    conversationId: string,
    text: string,
  ): Promise<{ message: Message; conversation: Conversation }> {
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes > META_LIMITS.textBytes)
      throw new AppError(
        "validation_failed",
        `text: ${bytes} bytes; Instagram allows at most ${META_LIMITS.textBytes} bytes of UTF-8 per message`,
        { limitBytes: META_LIMITS.textBytes, bytes },
      );
    const found = await findConversation(this.deps.db, scope.workspaceId, conversationId);
    if (!found) throw new AppError("not_found", "conversation not found");
    const [account] = await this.deps.db
      .select({ status: instagramAccounts.status })
      .from(instagramAccounts)
      .where(eq(instagramAccounts.id, found.conversation.accountId));
    if (account?.status !== "connected")
      throw new AppError("conflict", "the Instagram account is not connected: reconnect it to reply");
    const [now, settings] = await Promise.all([this.now(), this.settings(scope.workspaceId)]);
    const humanAgent = this.windowFor(found.contact.lastInboundAt, now, settings, scope.userId !== null);

    const id = randomUUID();
    const pauseUntil = new Date(now.getTime() + settings.botPauseMinutes * 60_000);
    const preview = text.replace(/\s+/g, " ").slice(0, 140);
    const result = await this.deps.db.execute<Record<string, unknown>>(sql`
      with m as (insert into autodm.messages (id, workspace_id, conversation_id, account_id, direction, type, text,
          sender_kind, sender_ref, status, outbound_id, human_agent, at)
        values (${id}::uuid, ${scope.workspaceId}, ${conversationId}::uuid, ${found.conversation.accountId}::uuid,
          'out', 'text', ${text}, 'member', ${scope.userId}, 'pending', ${id}::uuid, ${humanAgent}::boolean,
          ${now.toISOString()}::timestamptz)
        returning *),
      v as (update autodm.conversations set last_message_at = greatest(last_message_at, m.at),
          last_message_preview = ${preview}, last_message_direction = 'out', unread_count = 0, updated_at = now()
        from m where contact_id = m.conversation_id),
      p as (update autodm.contacts set bot_paused_until = greatest(bot_paused_until, ${pauseUntil.toISOString()}::timestamptz),
          updated_at = now()
        where id = ${conversationId}::uuid and ${settings.botPauseMinutes}::int > 0)
      select * from m`);
    const row = result.rows[0];
    if (!row) throw new Error("reply insert returned nothing");
    await this.deps.jobQueue.enqueue("sendInboxReply", { messageId: id }, { jobId: `inbox-${id}` });
    const [message] = await this.deps.db.select().from(messages).where(eq(messages.id, id));
    return {
      message: toMessage(message as typeof messages.$inferSelect),
      conversation: await getConversation(this.deps.db, scope.workspaceId, conversationId, now),
    };
  }

  /** Whether the reply needs HUMAN_AGENT; throws window_closed when no reply is allowed. */
  private windowFor(
    lastInboundAt: Date | null,
    now: Date,
    settings: InboxSettings,
    byMember: boolean,
  ): boolean {
    if (!lastInboundAt)
      throw new AppError(
        "window_closed",
        "this person has not written to you yet: Instagram allows a reply only after their message",
        { closedAt: null },
      );
    const closes = lastInboundAt.getTime() + WINDOW_MS;
    if (now.getTime() < closes) return false;
    const humanCloses = lastInboundAt.getTime() + HUMAN_AGENT_MS;
    if (settings.humanAgentReplies && byMember && now.getTime() < humanCloses) return true;
    const closedAt = new Date(settings.humanAgentReplies && byMember ? humanCloses : closes).toISOString();
    const why = settings.humanAgentReplies
      ? byMember
        ? `the 7-day human-agent window closed at ${closedAt}`
        : `the 24-hour window closed at ${new Date(closes).toISOString()}; human-agent replies are for members typing, not API keys`
      : `the 24-hour window closed at ${closedAt}; turn on human-agent replies to answer up to 7 days`;
    throw new AppError("window_closed", `${why} — the person must write again first`, {
      closedAt,
      lastInboundAt: lastInboundAt.toISOString(),
    });
  }

  async markRead(workspaceId: string, id: string): Promise<Conversation> {
    await this.update(workspaceId, id, { unreadCount: 0 });
    return getConversation(this.deps.db, workspaceId, id, await this.now());
  }

  async patch(workspaceId: string, id: string, p: z.infer<typeof ConversationPatch>): Promise<Conversation> {
    if (p.priority !== undefined) await this.update(workspaceId, id, { priority: p.priority });
    else await this.mustExist(workspaceId, id);
    if (p.addTags?.length || p.removeTags?.length) {
      const add = p.addTags ?? [];
      const remove = p.removeTags ?? [];
      await this.deps.db
        .update(contacts)
        .set({
          tags: sql`array(select distinct t from unnest(${contacts.tags} || ${sql.param(add)}::text[]) t
            where not (t = any(${sql.param(remove)}::text[])) order by t)`,
          updatedAt: sql`now()`,
        })
        .where(and(eq(contacts.id, id), eq(contacts.workspaceId, workspaceId)));
      await this.update(workspaceId, id, {});
    }
    return getConversation(this.deps.db, workspaceId, id, await this.now());
  }

  async assign(workspaceId: string, id: string, assigneeId: string | null): Promise<Conversation> {
    await requireFeature(this.deps.entitlements, workspaceId, "assignment");
    if (assigneeId !== null) {
      const [member] = await this.deps.db
        .select({ id: workspaceMembers.id })
        .from(workspaceMembers)
        .where(
          and(eq(workspaceMembers.organizationId, workspaceId), eq(workspaceMembers.userId, assigneeId)),
        );
      if (!member) throw new AppError("validation_failed", "assigneeId: not a member of this workspace");
    }
    await this.update(workspaceId, id, { assigneeId });
    return getConversation(this.deps.db, workspaceId, id, await this.now());
  }

  /** pause: silent for a while; resume / release: automations answer again (release ends a hand-over). */
  async bot(workspaceId: string, id: string, input: z.infer<typeof BotAction>): Promise<Conversation> {
    await this.mustExist(workspaceId, id);
    const now = await this.now();
    const minutes = input.minutes ?? (await this.settings(workspaceId)).botPauseMinutes;
    const set =
      input.action === "pause"
        ? { botPausedUntil: new Date(now.getTime() + minutes * 60_000), needsHuman: false }
        : { botPausedUntil: null, needsHuman: false };
    await this.deps.db
      .update(contacts)
      .set({ ...set, updatedAt: sql`now()` })
      .where(and(eq(contacts.id, id), eq(contacts.workspaceId, workspaceId)));
    await this.update(workspaceId, id, {});
    return getConversation(this.deps.db, workspaceId, id, now);
  }

  private async mustExist(workspaceId: string, id: string) {
    if (!(await findConversation(this.deps.db, workspaceId, id)))
      throw new AppError("not_found", "conversation not found");
  }

  /** Updates the conversation row (and its updated_at, which the live stream follows); 404 if none. */
  private async update(workspaceId: string, id: string, set: Partial<typeof conversations.$inferInsert>) {
    if (!z.string().uuid().safeParse(id).success) throw new AppError("not_found", "conversation not found");
    const rows = await this.deps.db
      .update(conversations)
      .set({ ...set, updatedAt: sql`now()` })
      .where(and(eq(conversations.contactId, id), eq(conversations.workspaceId, workspaceId)))
      .returning({ id: conversations.contactId });
    if (rows.length === 0) throw new AppError("not_found", "conversation not found");
  }
}
