import { createHash, randomBytes, randomInt } from "node:crypto";

/** A numeric id of `digits` digits after `prefix`, like Meta's object ids. */
export function numericId(prefix: string, digits: number): string {
  let out = prefix;
  while (out.length < prefix.length + digits) out += String(randomInt(0, 10));
  return out;
}

export const newCommentId = () => numericId("179", 14);
export const newMediaId = () => numericId("180", 14);
export const newAccountId = () => numericId("178414", 11);
export const newPageId = () => numericId("1", 14);
export const newIgsid = () => numericId(String(randomInt(1, 10)), 15);

/** Message ids look like Meta's: base64 starting "aWdf" ("ig_"). */
export const newMid = () => `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOj${randomBytes(18).toString("base64url")}`;

/** Instagram tokens start "IGAA", Facebook ones "EAA", as Meta's do. */
export function newToken(host: "instagram" | "facebook"): string {
  return `${host === "instagram" ? "IGAA" : "EAA"}${randomBytes(32).toString("base64url")}`;
}

export const newCode = () => randomBytes(24).toString("base64url");

export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** Conversation ids are derived (no table): base64url of "ig_conv:<account>:<person>". */
export function conversationId(accountId: string, personId: string): string {
  return `aWdf${Buffer.from(`conv:${accountId}:${personId}`).toString("base64url")}`;
}

export function parseConversationId(id: string): { accountId: string; personId: string } | null {
  if (!id.startsWith("aWdf")) return null;
  const m = /^conv:(\d+):(\d+)$/.exec(Buffer.from(id.slice(4), "base64url").toString());
  return m ? { accountId: m[1] as string, personId: m[2] as string } : null;
}

export const fbtraceId = () => randomBytes(9).toString("base64url");

/** The thread a conversation id names, when it is one of `accountId`'s. */
export function conversationThread(id: string, accountId: string | undefined) {
  const conv = parseConversationId(id);
  return conv && accountId && conv.accountId === accountId ? conv : null;
}
