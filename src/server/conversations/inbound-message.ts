import type { InboundEvent } from "../instagram/inbound-event.ts";

export type MessageType =
  | "text"
  | "media"
  | "story_reply"
  | "story_mention"
  | "share"
  | "reaction"
  | "postback"
  | "unsupported";

export interface MessageContent {
  type: MessageType;
  text: string | null;
  attachments: { type: string; url?: string }[] | null;
  ref: { kind: string; id?: string; url?: string } | null;
}

const SHARE_TYPES = new Set(["share", "ig_post", "ig_reel", "reel", "story", "ig_story"]);

/** Pure: how one of the person's events reads in the thread (null: it is not a message). */
export function messageContentOf(event: InboundEvent): MessageContent | null {
  const attachments = event.attachments?.length
    ? event.attachments.map((a) => (a.url ? { type: a.type, url: a.url } : { type: a.type }))
    : null;
  const text = event.text ?? null;
  switch (event.kind) {
    case "message":
    case "quick_reply":
    case "referral": {
      if (event.kind === "referral" && !text && !attachments) return null; // an ig.me open, not a message
      const shared = attachments?.find((a) => SHARE_TYPES.has(a.type));
      if (shared) {
        const ref = { kind: shared.type === "ig_reel" || shared.type === "reel" ? "reel" : "post" };
        return { type: "share", text, attachments, ref: shared.url ? { ...ref, url: shared.url } : ref };
      }
      return { type: attachments && !text ? "media" : "text", text, attachments, ref: null };
    }
    case "postback":
      return {
        type: "postback",
        text: event.postback?.title ?? event.postback?.payload ?? null,
        attachments: null,
        ref: null,
      };
    case "story_reply": {
      const ref: MessageContent["ref"] = { kind: "story" };
      if (event.replyTo?.storyId) ref.id = event.replyTo.storyId;
      if (event.replyTo?.storyUrl) ref.url = event.replyTo.storyUrl;
      return { type: "story_reply", text, attachments, ref };
    }
    case "story_mention": {
      const url = attachments?.find((a) => a.type === "story_mention")?.url;
      return {
        type: "story_mention",
        text,
        attachments,
        ref: url ? { kind: "story", url } : { kind: "story" },
      };
    }
    case "reaction":
      return {
        type: "reaction",
        text: event.reaction?.emoji ?? event.reaction?.reaction ?? null,
        attachments: null,
        ref: event.reaction ? { kind: "message", id: event.reaction.messageId } : null,
      };
    case "unsupported":
      return { type: "unsupported", text: null, attachments: null, ref: null };
    default:
      return null;
  }
}

/** The list's one-line preview of a message. */
export function previewOf(content: Pick<MessageContent, "type" | "text">): string {
  const text = content.text?.replace(/\s+/g, " ").trim();
  if (text) return content.type === "reaction" ? `Reacted ${text}` : text.slice(0, 140);
  switch (content.type) {
    case "story_mention":
      return "Mentioned you in their story";
    case "story_reply":
      return "Replied to your story";
    case "share":
      return "Shared a post";
    case "media":
      return "Sent an attachment";
    case "unsupported":
      return "Sent a message Instagram does not show to apps";
    default:
      return "";
  }
}
