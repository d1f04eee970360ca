import { z } from "zod";

/** The bot in one conversation: running, silent until a time, or handed over to a person. */
export const BotState = z.object({
  state: z.enum(["active", "paused", "handed_over"]),
  pausedUntil: z.string().nullable(),
});
export type BotState = z.infer<typeof BotState>;

/** One row of the inbox (a conversation = one person on one connected account). */
export const Conversation = z.object({
  id: z.string(),
  accountId: z.string(),
  person: z.object({ igsid: z.string(), username: z.string().nullable(), name: z.string().nullable() }),
  lastMessageAt: z.string(),
  preview: z.string().nullable(),
  lastDirection: z.enum(["in", "out"]),
  unreadCount: z.number(),
  priority: z.boolean(),
  assigneeId: z.string().nullable(),
  tags: z.array(z.string()),
  isLead: z.boolean(),
  /** Meta's 24-hour window: the person's last message + 24 h (null: they never wrote). */
  canReplyUntil: z.string().nullable(),
  /** The 7-day limit of HUMAN_AGENT replies (null: they never wrote). */
  humanAgentUntil: z.string().nullable(),
  bot: BotState,
});
export type Conversation = z.infer<typeof Conversation>;

/** GET /api/conversations: most recent first; `nextCursor` is the `cursor` of the next page. */
export const ConversationPage = z.object({
  items: z.array(Conversation),
  nextCursor: z.string().nullable(),
  /** The server's clock as windows are judged (the sandbox's when it plays Instagram). */
  now: z.string(),
});
export type ConversationPage = z.infer<typeof ConversationPage>;

/** What a message is (inbound kinds, and ours). */
export const MESSAGE_TYPES = [
  "text",
  "media",
  "story_reply",
  "story_mention",
  "share",
  "reaction",
  "postback",
  "unsupported",
] as const;
export const SENDER_KINDS = ["person", "automation", "ai", "member", "app"] as const;
export const MESSAGE_STATUSES = ["received", "pending", "sent", "delivered", "read", "failed"] as const;

export const MessageStatus = z.enum(MESSAGE_STATUSES);
export type MessageStatus = z.infer<typeof MessageStatus>;

/** One message of a thread. */
export const Message = z.object({
  id: z.string(),
  conversationId: z.string(),
  direction: z.enum(["in", "out"]),
  type: z.enum(MESSAGE_TYPES),
  text: z.string().nullable(),
  attachments: z.array(z.object({ type: z.string(), url: z.string().optional() })).nullable(),
  /** The story, post, reel, comment or message it refers to (with its URL when Meta gave one). */
  ref: z.object({ kind: z.string(), id: z.string().optional(), url: z.string().optional() }).nullable(),
  sender: z.object({
    kind: z.enum(SENDER_KINDS),
    /** automation id or member user id */
    ref: z.string().nullable(),
    /** The automation's or the member's name, when known. */
    name: z.string().nullable(),
  }),
  status: MessageStatus,
  metaMessageId: z.string().nullable(),
  failure: z.object({ code: z.number().nullable(), reason: z.string().nullable() }).nullable(),
  humanAgent: z.boolean(),
  at: z.string(),
});
export type Message = z.infer<typeof Message>;

/** GET /api/conversations/:id/messages: newest first. */
export const MessagePage = z.object({ items: z.array(Message), nextCursor: z.string().nullable() });
export type MessagePage = z.infer<typeof MessagePage>;

/** POST /api/conversations/:id/messages: accepted, sent by a worker (status follows in the thread). */
export const ReplyAccepted = z.object({ message: Message, conversation: Conversation });
export type ReplyAccepted = z.infer<typeof ReplyAccepted>;

/** GET / PUT /api/inbox/settings */
export const InboxSettings = z.object({
  /** HUMAN_AGENT replies between 24 h and 7 days: needs Meta to approve the permission. */
  humanAgentReplies: z.boolean(),
  /** Minutes automations stay silent after a member's reply. */
  botPauseMinutes: z.number(),
  followUpHours: z.number(),
});
export type InboxSettings = z.infer<typeof InboxSettings>;

export const TEMPLATE_CATEGORIES = ["greeting", "follow_up", "scheduling", "other"] as const;

/** A reusable reply; `content` may use {{first_name}}, {{username}}, {{name}} and contact fields, `{{x|fallback}}`. */
export const MessageTemplate = z.object({
  id: z.string(),
  name: z.string(),
  category: z.enum(TEMPLATE_CATEGORIES),
  content: z.string(),
  useCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MessageTemplate = z.infer<typeof MessageTemplate>;

/** GET /api/inbox/templates */
export const MessageTemplateList = z.object({ templates: z.array(MessageTemplate) });
export type MessageTemplateList = z.infer<typeof MessageTemplateList>;

/** POST /api/conversations/:id/templates/:templateId/render: the text for this person. */
export const RenderedTemplate = z.object({ text: z.string(), bytes: z.number() });
export type RenderedTemplate = z.infer<typeof RenderedTemplate>;
