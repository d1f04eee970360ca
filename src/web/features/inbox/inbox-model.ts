import type { Conversation, Message } from "../../../shared/api/inbox.ts";
import { META_LIMITS } from "../../../shared/meta-limits.ts";

/** Pure helpers of the inbox page: the window badge, the composer's state, the live list. */

const HOUR = 3_600_000;

export type WindowTone = "green" | "amber" | "red";

/** Short "3 h 20 min" / "12 min" / "2 d 4 h" for a positive duration. */
export function formatLeft(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/**
 * Meta's 24-hour window, as the list shows it: green with more than 4 h left, amber under
 * 4 h, red once closed (or when the person never wrote).
 */
export function windowBadge(c: Pick<Conversation, "canReplyUntil">, now: number) {
  if (!c.canReplyUntil) return { tone: "red" as WindowTone, label: "No message yet" };
  const left = Date.parse(c.canReplyUntil) - now;
  if (left <= 0) return { tone: "red" as WindowTone, label: "Window closed" };
  return { tone: (left > 4 * HOUR ? "green" : "amber") as WindowTone, label: `${formatLeft(left)} left` };
}

export const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

export interface ComposerState {
  /** Why nothing can be sent now (null: a reply may be sent). */
  disabledReason: string | null;
  /** The reply would go tagged HUMAN_AGENT (24 h to 7 days, when the workspace enabled it). */
  humanAgent: boolean;
  bytes: number;
  tooLong: boolean;
}

/** Whether, and how, the composer may send `text` now (the server checks the same rules). */
export function composerState(
  c: Pick<Conversation, "canReplyUntil" | "humanAgentUntil">,
  text: string,
  now: number,
  opts: { humanAgentReplies: boolean; mayReply: boolean },
): ComposerState {
  const bytes = utf8Bytes(text);
  const tooLong = bytes > META_LIMITS.textBytes;
  const base = { bytes, tooLong, humanAgent: false };
  if (!opts.mayReply) return { ...base, disabledReason: "Your role may read conversations, not reply." };
  if (!c.canReplyUntil)
    return {
      ...base,
      disabledReason:
        "This person has not written to you yet: Instagram allows a reply only after their message.",
    };
  const closes = Date.parse(c.canReplyUntil);
  if (now < closes) return { ...base, disabledReason: null };
  const humanCloses = c.humanAgentUntil ? Date.parse(c.humanAgentUntil) : 0;
  if (opts.humanAgentReplies && now < humanCloses) return { ...base, disabledReason: null, humanAgent: true };
  const at = new Date(closes).toLocaleString();
  return {
    ...base,
    disabledReason: opts.humanAgentReplies
      ? `The 7-day human-agent window closed on ${new Date(humanCloses).toLocaleString()}. The person must write again first.`
      : `The 24-hour window closed on ${at}. The person must write again first (or turn on human-agent replies in the inbox settings).`,
  };
}

/** The listed conversations with the live ones merged in: newest activity first, no duplicates. */
export function mergeConversations(listed: Conversation[], live: Map<string, Conversation>): Conversation[] {
  const byId = new Map(listed.map((c) => [c.id, c] as const));
  for (const [id, c] of live) {
    const known = byId.get(id);
    if (!known || c.lastMessageAt >= known.lastMessageAt) byId.set(id, c);
  }
  return [...byId.values()].sort((a, b) =>
    a.lastMessageAt === b.lastMessageAt
      ? b.id.localeCompare(a.id)
      : b.lastMessageAt.localeCompare(a.lastMessageAt),
  );
}

/** A live conversation that the list's filters would hide stays out (a filtered inbox stays filtered). */
export function matchesFilters(c: Conversation, f: InboxFilters, meId: string | null, now: number): boolean {
  if (f.accountId && c.accountId !== f.accountId) return false;
  if (f.unread && c.unreadCount === 0) return false;
  if (f.priority && !c.priority) return false;
  if (f.assigned === "me" && c.assigneeId !== meId) return false;
  if (f.assigned === "none" && c.assigneeId !== null) return false;
  if (f.handedOver && c.bot.state !== "handed_over") return false;
  if (f.windowOpen && !(c.canReplyUntil && Date.parse(c.canReplyUntil) > now)) return false;
  if (f.q) return false; // a text search is the server's: live rows wait for the next fetch
  return true;
}

export interface InboxFilters {
  accountId?: string | undefined;
  unread?: boolean | undefined;
  priority?: boolean | undefined;
  assigned?: "me" | "none" | undefined;
  handedOver?: boolean | undefined;
  windowOpen?: boolean | undefined;
  q?: string | undefined;
}

/** The thread oldest first (the API pages newest first), without the duplicates of a refetch. */
export function threadOldestFirst(pages: { items: Message[] }[]): Message[] {
  const seen = new Map<string, Message>();
  for (const page of pages) for (const m of page.items) if (!seen.has(m.id)) seen.set(m.id, m);
  return [...seen.values()].sort((a, b) =>
    a.at === b.at ? a.id.localeCompare(b.id) : a.at.localeCompare(b.at),
  );
}

const STATUS_LABEL: Record<Message["status"], string> = {
  received: "",
  pending: "Sending…",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  failed: "Failed",
};

/** Who sent a bubble, as its caption reads. */
export function senderLabel(m: Message): string {
  switch (m.sender.kind) {
    case "person":
      return "";
    case "automation":
      return m.sender.name ? `Automation · ${m.sender.name}` : "Automation";
    case "ai":
      return "AI reply";
    case "member":
      return m.sender.name ?? "Team member";
    case "app":
      return "From the Instagram app";
  }
}

export const statusLabel = (m: Message) => STATUS_LABEL[m.status];

/** The referenced post / story of a message, as a line. */
export function refLabel(m: Message): string | null {
  if (!m.ref) return null;
  const kinds: Record<string, string> = {
    story: "Replied to your story",
    story_mention: "Mentioned you in their story",
    post: "About a post",
    reel: "About a reel",
    comment: "From a comment",
    message: "Replying to a message",
    share: "Shared a post",
  };
  return kinds[m.ref.kind] ?? `About a ${m.ref.kind.replace(/_/g, " ")}`;
}
