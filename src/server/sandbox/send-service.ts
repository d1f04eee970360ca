import { and, count, eq, gt, isNull } from "drizzle-orm";
import { sandboxComments, sandboxMessages } from "../db/schema/index.ts";
import type { Moment, SandboxContext } from "./context.ts";
import { directory, PRODUCT_TYPE } from "./directory.ts";
import { enqueueEvent, recordThreadItem } from "./events.ts";
import { graphErrors } from "./graph-error.ts";
import { newCommentId, newMid } from "./ids.ts";
import type { SendRequest } from "./message-body.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Sends through the API in the last `ms` by this account (counted rows: shared by processes). */
async function recentApiCount(ctx: SandboxContext, accountId: string, since: Date, kind?: string) {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(sandboxMessages)
    .where(
      and(
        eq(sandboxMessages.accountId, accountId),
        eq(sandboxMessages.source, "api"),
        gt(sandboxMessages.createdAt, since),
        ...(kind ? [eq(sandboxMessages.kind, kind)] : []),
      ),
    );
  return row?.n ?? 0;
}

async function checkSendRate(ctx: SandboxContext, m: Moment, accountId: string) {
  const n = await recentApiCount(ctx, accountId, new Date(m.now.getTime() - 1000));
  if (n >= m.settings.behaviour.sendsPerSecond) throw graphErrors.rateLimited();
}

/** Text shown in threads for an outbound message. */
const storedMessage = (mid: string, message: Record<string, unknown>) => ({ message: { mid, ...message } });

/**
 * POST /{id}/messages once the caller is authenticated as `accountId`: the Send API rules —
 * recipient, availability, 24-hour window (7 days with HUMAN_AGENT), private replies once per
 * comment within 7 days, and the rate limits.
 */
export async function send(ctx: SandboxContext, m: Moment, accountId: string, req: SendRequest) {
  const { db, logger } = ctx;
  if (req.kind === "private_reply")
    return privateReply(ctx, m, accountId, req.recipient.commentId, req.message);

  const person = await directory.person(db, req.recipient.id);
  if (!person) throw graphErrors.noSuchUser();
  if (!person.acceptsMessages) throw graphErrors.notAvailable();
  const opener = await directory.lastOpener(db, accountId, person.igsid);
  const windowMs = req.kind === "message" && req.humanAgent ? 7 * DAY : DAY;
  if (!opener || m.now.getTime() - opener.createdAt.getTime() > windowMs) throw graphErrors.outsideWindow();
  await checkSendRate(ctx, m, accountId);

  const mid = newMid();
  if (req.kind === "sender_action") {
    await recordThreadItem(db, logger, {
      mid,
      accountId,
      personId: person.igsid,
      direction: "outbound",
      kind: "sender_action",
      body: { sender_action: req.action, ...(req.payload ? { payload: req.payload } : {}) },
      source: "api",
      at: m.now,
    });
    return { recipient_id: person.igsid };
  }
  await recordThreadItem(db, logger, {
    mid,
    accountId,
    personId: person.igsid,
    direction: "outbound",
    kind: "message",
    // The tag is kept so a test (and the test phone) can see a reply went as HUMAN_AGENT.
    body: req.humanAgent
      ? { ...storedMessage(mid, req.message), tag: "HUMAN_AGENT" }
      : storedMessage(mid, req.message),
    source: "api",
    at: m.now,
  });
  return { recipient_id: person.igsid, message_id: mid };
}

async function privateReply(
  ctx: SandboxContext,
  m: Moment,
  accountId: string,
  commentId: string,
  message: Record<string, unknown>,
) {
  const { db, logger } = ctx;
  const comment = await directory.comment(db, commentId);
  if (!comment || comment.accountId !== accountId) throw graphErrors.unknownObject(commentId, "post");
  if (!comment.personId) throw graphErrors.badParam("(#100) Cannot send a private reply to your own comment");
  const media = await directory.media(db, comment.mediaId);
  const tooLate =
    media?.kind === "live"
      ? media.endedAt !== null && media.endedAt.getTime() <= m.now.getTime()
      : m.now.getTime() - comment.createdAt.getTime() > 7 * DAY;
  if (tooLate) throw graphErrors.privateReplyTooLate();
  if (comment.privateRepliedAt) throw graphErrors.privateReplyAlreadySent();
  const person = await directory.person(db, comment.personId);
  if (!person) throw graphErrors.noSuchUser();
  if (!person.acceptsMessages) throw graphErrors.notAvailable();
  const since = new Date(m.now.getTime() - HOUR);
  if (
    (await recentApiCount(ctx, accountId, since, "private_reply")) >=
    m.settings.behaviour.privateRepliesPerHour
  )
    throw graphErrors.rateLimited();
  await checkSendRate(ctx, m, accountId);

  // The claim is atomic: of two concurrent private replies to one comment, one wins.
  const claimed = await db
    .update(sandboxComments)
    .set({ privateRepliedAt: m.now })
    .where(and(eq(sandboxComments.id, commentId), isNull(sandboxComments.privateRepliedAt)))
    .returning({ id: sandboxComments.id });
  if (claimed.length === 0) throw graphErrors.privateReplyAlreadySent();

  const mid = newMid();
  // Recorded as an outbound message to the commenter; opensWindow stays false (it is outbound).
  await recordThreadItem(db, logger, {
    mid,
    accountId,
    personId: person.igsid,
    direction: "outbound",
    kind: "private_reply",
    body: { ...storedMessage(mid, message), comment_id: commentId },
    source: "api",
    at: m.now,
  });
  return { recipient_id: person.igsid, message_id: mid };
}

/** POST /{COMMENT_ID}/replies: a public reply, top-level visible comments only. */
export async function publicReply(
  ctx: SandboxContext,
  m: Moment,
  accountId: string,
  commentId: string,
  text: string,
) {
  const { db, logger } = ctx;
  const comment = await directory.comment(db, commentId);
  if (!comment || comment.accountId !== accountId) throw graphErrors.unknownObject(commentId, "post");
  if (!text) throw graphErrors.missingParam("message");
  if (comment.parentId) throw graphErrors.badParam("(#100) Replies can only be made to top-level comments.");
  if (comment.hidden) throw graphErrors.badParam("(#100) Cannot reply to a hidden comment.");
  const media = await directory.media(db, comment.mediaId);
  if (media?.kind === "live") throw graphErrors.badParam("(#100) Cannot reply to a live video comment.");
  const account = await directory.account(db, accountId);
  const id = newCommentId();
  await db.insert(sandboxComments).values({
    id,
    mediaId: comment.mediaId,
    accountId,
    personId: null,
    text,
    parentId: comment.id,
    createdAt: m.now,
  });
  await db.insert(sandboxMessages).values({
    mid: `public_reply:${id}`,
    accountId,
    personId: comment.personId ?? accountId,
    direction: "outbound",
    kind: "public_reply",
    body: { comment_id: comment.id, reply_id: id, text },
    source: "api",
    createdAt: m.now,
  });
  // The business's own comments reach the webhook too (autodm must ignore them).
  await enqueueEvent(db, logger, {
    accountId,
    field: "comments",
    shape: "change",
    at: m.now,
    payload: {
      id,
      parent_id: comment.id,
      text,
      from: { id: accountId, username: account?.username ?? "" },
      media: { id: comment.mediaId, media_product_type: media ? PRODUCT_TYPE[media.kind] : "FEED" },
    },
  });
  return { id };
}
