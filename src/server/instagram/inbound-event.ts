/**
 * One typed event for everything Instagram tells autodm (META_PLATFORM.md §2), whatever the
 * webhook form it arrived in (`messaging`, `standby`, `changes`, a flat comment, the dashboard's
 * test payload). Produced by normalize-webhook.ts, consumed by the engine and the runner.
 */
export type InboundEventKind =
  /** A DM: text and/or attachments (image, audio, video, file, share, ig_post, ig_reel…). */
  | "message"
  /** A tap on one of our quick replies (a message with `quick_reply.payload`). */
  | "quick_reply"
  /** A tap on a postback button. */
  | "postback"
  /** A DM that replies to one of the account's stories. */
  | "story_reply"
  /** The person mentioned the account in their story. */
  | "story_mention"
  | "reaction"
  | "unreaction"
  | "read"
  /** An ig.me link with `?ref=` (standalone referral event, or a message carrying a referral). */
  | "referral"
  | "edit"
  | "delete"
  /** A message type Instagram does not expose (`is_unsupported`). */
  | "unsupported"
  /** Sent by the business (through the API or by a person in the Instagram app). */
  | "echo"
  | "comment"
  | "live_comment"
  /** Facebook Login: an @mention in a comment or caption. */
  | "mention";

export type WebhookForm = "messaging" | "standby" | "changes" | "test";

export interface InboundAttachment {
  type: string;
  url?: string;
}

export interface InboundEvent {
  kind: InboundEventKind;
  /** The Instagram professional account the event is for (webhook `entry[].id`). */
  igAccountId: string;
  /** The person (IGSID). For echoes: the recipient, so the event files under their thread. */
  personId: string;
  /** Milliseconds since the epoch (`changes` times, given in seconds, are converted). */
  timestamp: number;
  form: WebhookForm;
  /** Dedupe within the account: a repeated delivery produces the same key. */
  dedupeKey: string;
  messageId?: string;
  text?: string;
  attachments?: InboundAttachment[];
  quickReply?: { payload: string };
  postback?: { title?: string; payload: string };
  referral?: { ref?: string; source?: string; type?: string };
  reaction?: { messageId: string; reaction?: string; emoji?: string };
  /** What a DM replies to: one of our messages, or a story. */
  replyTo?: { messageId?: string; storyId?: string; storyUrl?: string };
  storyId?: string;
  comment?: {
    id: string;
    parentId?: string;
    mediaId?: string;
    mediaProductType?: string;
    adId?: string;
    /** Ad comments: the ad's title (`media.ad_title`). */
    adTitle?: string;
    /** Ad comments: the organic post the ad promotes (`media.original_media_id`); `mediaId` is the ad's. */
    originalMediaId?: string;
    username?: string;
  };
  /** Facebook Login mentions: the media the person mentioned the account on. */
  mediaId?: string;
  /** `is_echo`: recorded, never automated. */
  isEcho: boolean;
  /** The account's own comment (its replies come back as comments too): never automated. */
  isSelf: boolean;
  /** Edit count for `edit`. */
  editCount?: number;
}

/** Kinds that can start an automation (others are recorded only). */
export const AUTOMATABLE_KINDS: ReadonlySet<InboundEventKind> = new Set([
  "message",
  "quick_reply",
  "postback",
  "story_reply",
  "story_mention",
  "reaction",
  "referral",
  "comment",
  "live_comment",
  "mention",
]);

/**
 * Kinds that reopen the 24-hour messaging window: the person wrote in the thread (a story
 * mention arrives as a message from them). Comments do not: a private reply is the only answer.
 */
export const WINDOW_OPENING_KINDS: ReadonlySet<InboundEventKind> = new Set([
  "message",
  "quick_reply",
  "postback",
  "story_reply",
  "story_mention",
  "referral",
]);
