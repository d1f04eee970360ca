/**
 * The sandbox's thread rows (what the simulated person sent and what autodm answered, as the
 * Graph API received them) turned into phone bubbles. Pure, so it is unit-tested.
 */

export interface SandboxMessage {
  seq: number;
  mid: string;
  accountId: string;
  personId: string;
  direction: "inbound" | "outbound";
  kind: string;
  source: "phone" | "api";
  body: Record<string, unknown>;
  createdAt: string;
}

export type PhoneButton =
  | { type: "web_url"; title: string; url: string }
  | { type: "postback"; title: string; payload: string };

export interface PhoneBubble {
  key: string;
  mid: string;
  from: "person" | "business" | "system";
  text: string;
  label?: string;
  quickReplies?: { title: string; payload: string }[];
  buttons?: PhoneButton[];
  media?: { type: string; url: string };
  at: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" ? (v as Obj) : {});
const str = (v: unknown) => (typeof v === "string" ? v : "");

function outbound(m: SandboxMessage): PhoneBubble | null {
  if (m.kind === "sender_action" || m.kind === "public_reply") return null;
  const message = obj(m.body.message);
  const base = {
    key: m.mid,
    mid: m.mid,
    from: "business" as const,
    at: m.createdAt,
    ...(m.kind === "private_reply" ? { label: "Private reply to your comment" } : {}),
  };
  const attachment = obj(message.attachment);
  const payload = obj(attachment.payload);
  if (attachment.type === "template") {
    const buttons = Array.isArray(payload.buttons) ? (payload.buttons as PhoneButton[]) : [];
    return { ...base, text: str(payload.text), buttons };
  }
  if (attachment.type) {
    return { ...base, text: "", media: { type: str(attachment.type), url: str(payload.url) } };
  }
  const quick = Array.isArray(message.quick_replies)
    ? (message.quick_replies as Obj[]).map((q) => ({ title: str(q.title), payload: str(q.payload) }))
    : undefined;
  return { ...base, text: str(message.text), ...(quick?.length ? { quickReplies: quick } : {}) };
}

function inbound(m: SandboxMessage): PhoneBubble | null {
  const base = { key: m.mid, mid: m.mid, at: m.createdAt };
  if (m.kind === "read") return null;
  if (m.kind === "reaction") {
    const r = obj(m.body.reaction);
    return {
      ...base,
      from: "system",
      text: r.action === "unreact" ? "You removed your reaction" : `You reacted ${str(r.emoji) || "❤️"}`,
    };
  }
  if (m.kind === "postback") {
    const p = obj(m.body.postback);
    return { ...base, from: "person", text: str(p.title), label: "Tapped a button" };
  }
  if (m.kind === "referral") {
    return {
      ...base,
      from: "system",
      text: `You opened the ig.me link (ref ${str(obj(m.body.referral).ref)})`,
    };
  }
  const message = obj(m.body.message);
  if (message.is_deleted) return { ...base, from: "system", text: "You deleted a message" };
  const attachments = Array.isArray(message.attachments) ? (message.attachments as Obj[]) : [];
  if (attachments.some((a) => a.type === "story_mention"))
    return { ...base, from: "system", text: "You mentioned the account in your story" };
  const story = obj(obj(message.reply_to).story);
  return {
    ...base,
    from: "person",
    text: str(message.text),
    ...(story.id
      ? { label: "Replied to their story" }
      : message.quick_reply
        ? { label: "Tapped a quick reply" }
        : {}),
  };
}

export function threadBubbles(items: readonly SandboxMessage[]): PhoneBubble[] {
  return items
    .map((m) => (m.direction === "outbound" ? outbound(m) : inbound(m)))
    .filter((b): b is PhoneBubble => b !== null);
}

/**
 * The 24-hour window as Instagram keeps it: open for 24 h after the person's last message
 * (DMs, story replies, taps — not comments). `now` is the sandbox clock.
 */
export function windowState(
  items: readonly SandboxMessage[],
  now: number,
): { open: boolean; hoursLeft: number } {
  const last = [...items]
    .reverse()
    .find((m) => m.direction === "inbound" && (m.kind === "message" || m.kind === "postback"));
  if (!last) return { open: false, hoursLeft: 0 };
  const left = Date.parse(last.createdAt) + 24 * 3_600_000 - now;
  return { open: left > 0, hoursLeft: Math.max(0, left / 3_600_000) };
}
