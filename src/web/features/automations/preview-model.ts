import type { Action, AutomationInputBody, MatchKind } from "../../../shared/automation.ts";
import { META_LIMITS } from "../../../shared/meta-limits.ts";

/**
 * What the person sees, as data: the builder's phone preview renders this, and a unit test
 * checks it. Pure — built from the (possibly invalid) draft, so the preview follows every
 * keystroke. `variant` picks which variation is shown (the engine picks one at random).
 */

export type PreviewBubble =
  | {
      kind: "text";
      from: "person" | "business";
      text: string;
      /** "Private reply" over a comment-triggered DM. */
      label?: string;
      quickReplies?: string[];
      buttons?: { title: string; kind: "link" | "postback" }[];
      /** "2 of 3": the shown variation among several. */
      variation?: string;
    }
  | { kind: "media"; from: "business"; mediaType: string; url: string }
  | { kind: "story"; from: "person"; text: string }
  | { kind: "note"; text: string };

export interface PreviewScene {
  /** Comment triggers: the post and the comment under it, with the public replies. */
  post?: { comment: string; publicReplies: { text: string; variation?: string }[] };
  messages: PreviewBubble[];
}

/** A sample incoming text that the first keyword would match. */
export function sampleText(keyword: { text: string; match: MatchKind } | undefined, fallback: string) {
  const k = keyword?.text.trim();
  if (!k) return fallback;
  switch (keyword?.match) {
    case "starts_with":
      return `${k} please`;
    case "contains":
    case "whole_word":
      return `${k} please 🙏`;
    default:
      return k;
  }
}

/** Titles as Instagram shows them: cut after 20 characters. */
const shown = (title: string, max: number) => {
  const chars = [...title];
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : title;
};

function pick<T>(list: readonly T[], variant: number): { item: T | undefined; variation?: string } {
  if (list.length === 0) return { item: undefined };
  const i = ((variant % list.length) + list.length) % list.length;
  return list.length > 1 ? { item: list[i], variation: `${i + 1} of ${list.length}` } : { item: list[i] };
}

function messageBubble(
  action: Extract<Action, { type: "send_text" | "private_reply" }>,
  variant: number,
  label?: string,
): PreviewBubble {
  const { item, variation } = pick(action.variations ?? [], variant);
  return {
    kind: "text",
    from: "business",
    text: item?.trim() ? item : "(empty message)",
    ...(label ? { label } : {}),
    ...(variation ? { variation } : {}),
    ...(action.quickReplies?.length
      ? {
          quickReplies: action.quickReplies
            .slice(0, META_LIMITS.quickReplies)
            .map((q) => shown(q.title ?? "", META_LIMITS.quickReplyTitleChars)),
        }
      : {}),
    ...(action.buttons?.length
      ? {
          buttons: action.buttons.slice(0, META_LIMITS.buttons).map((b) => ({
            title: shown(b.title ?? "", META_LIMITS.buttonTitleChars),
            kind: b.type === "web_url" ? ("link" as const) : ("postback" as const),
          })),
        }
      : {}),
  };
}

const duration = (seconds: number) =>
  seconds >= 3600 && seconds % 3600 === 0
    ? `${seconds / 3600} h`
    : seconds >= 60 && seconds % 60 === 0
      ? `${seconds / 60} min`
      : `${seconds} s`;

export function buildPreview(draft: AutomationInputBody, variant = 0): PreviewScene {
  const trigger = draft.trigger;
  const keyword = draft.conditions?.keywords?.[0];
  const messages: PreviewBubble[] = [];
  let post: PreviewScene["post"];
  switch (trigger.type) {
    case "comment_keyword":
      post = { comment: sampleText(keyword, "Love this!"), publicReplies: [] };
      break;
    case "story_reply":
      messages.push({ kind: "story", from: "person", text: sampleText(keyword, "So cool 😍") });
      break;
    case "story_mention":
      messages.push({ kind: "note", text: "Mentioned you in their story" });
      break;
    case "reaction":
      messages.push({ kind: "note", text: "Reacted ❤️ to your message" });
      break;
    case "payload":
      messages.push({
        kind: "text",
        from: "person",
        text: trigger.payloads?.[0] ? "(taps a button)" : "(taps)",
      });
      break;
    case "ref":
      messages.push({ kind: "note", text: "Opened your ig.me link" });
      break;
    case "first_message":
      messages.push({ kind: "text", from: "person", text: "Hi!" });
      break;
    case "dm_keyword":
      messages.push({ kind: "text", from: "person", text: sampleText(keyword, "Hello") });
      break;
    case "any_message":
      messages.push({ kind: "text", from: "person", text: "Do you ship abroad?" });
      break;
  }
  const delay = Number(draft.options?.replyDelaySeconds ?? 0);
  if (Number.isFinite(delay) && delay > 0) messages.push({ kind: "note", text: `Waits ${duration(delay)}` });

  let privateReplied = false;
  for (const action of draft.actions) {
    switch (action.type) {
      case "private_reply":
        messages.push(messageBubble(action, variant, "Private reply to your comment"));
        privateReplied = true;
        break;
      case "send_text":
        if (trigger.type === "comment_keyword")
          messages.push({
            kind: "note",
            text: privateReplied
              ? "Sent only once they answer: a comment does not open the 24-hour window"
              : "A comment does not open the 24-hour window: use a private reply first",
          });
        messages.push(messageBubble(action, variant));
        break;
      case "public_reply": {
        const { item, variation } = pick(action.variations ?? [], variant);
        post?.publicReplies.push({
          text: item?.trim() ? item : "(empty reply)",
          ...(variation ? { variation } : {}),
        });
        break;
      }
      case "send_media":
        messages.push({ kind: "media", from: "business", mediaType: action.mediaType, url: action.url });
        break;
      case "delay":
        messages.push({ kind: "note", text: `Waits ${duration(Number(action.seconds) || 0)}` });
        break;
      case "ai_reply":
        messages.push({ kind: "note", text: "An AI answer, written from your business context" });
        break;
      case "handover":
        messages.push({ kind: "note", text: "The bot pauses: a person from your team takes over" });
        break;
      case "add_tag":
        messages.push({ kind: "note", text: `Tagged “${action.tag || "…"}” (only you see this)` });
        break;
      case "remove_tag":
        messages.push({ kind: "note", text: `Tag “${action.tag || "…"}” removed (only you see this)` });
        break;
      case "set_field":
        messages.push({ kind: "note", text: `Field ${action.key || "…"} set (only you see this)` });
        break;
      case "save_lead":
        messages.push({ kind: "note", text: "Saved as a lead (only you see this)" });
        break;
    }
  }
  return post ? { post, messages } : { messages };
}
