import { and, count, desc, eq, gt, inArray, lt } from "drizzle-orm";
import { sandboxGraphCalls, sandboxMessages } from "../db/schema/index.ts";
import type { Moment, SandboxContext } from "./context.ts";
import { directory, type MessageRow } from "./directory.ts";
import { type Caller, fbTime } from "./graph-caller.ts";
import { GraphError, graphErrors } from "./graph-error.ts";
import { pick, requestedFields, str } from "./graph-http.ts";

type Params = Record<string, unknown>;
type Ref = { username: string | undefined; id: string } | undefined;

/** Thread items the Conversations API lists as messages (not reactions, reads, sender actions). */
export const LISTED_KINDS = ["message", "private_reply"];

const WINDOW_MS = 1_000;

/**
 * Logs one Conversations API call for the caller's token and, when the sandbox enforces Meta's
 * rate (behaviour.conversationsPerSecond), answers 613 past it in any rolling second. The log
 * is in the database: several processes may serve the sandbox, and a test reads it.
 */
export async function meterConversationsCall(ctx: SandboxContext, m: Moment, caller: Caller, path: string) {
  const atMs = Date.now();
  const limit = m.settings.behaviour.conversationsPerSecond;
  const tokenHash = caller.token.tokenHash;
  let rejected = false;
  if (limit !== null) {
    const [row] = await ctx.db
      .select({ n: count() })
      .from(sandboxGraphCalls)
      .where(
        and(
          eq(sandboxGraphCalls.tokenHash, tokenHash),
          gt(sandboxGraphCalls.atMs, atMs - WINDOW_MS),
          eq(sandboxGraphCalls.rejected, false),
        ),
      );
    rejected = Number(row?.n ?? 0) >= limit;
  }
  await ctx.db.insert(sandboxGraphCalls).values({ tokenHash, path, atMs, rejected });
  if (rejected) throw graphErrors.rateLimited();
}

const encodeSeq = (seq: number) => Buffer.from(`seq:${seq}`).toString("base64url");
const decodeSeq = (s: string | undefined) => {
  const m = s ? /^seq:(\d+)$/.exec(Buffer.from(s, "base64url").toString()) : null;
  return m ? Number(m[1]) : undefined;
};

/** The shapes the Conversations API gives a message's content (Graph's message node). */
function contentFields(row: MessageRow) {
  const message = (row.body.message ?? {}) as {
    text?: string;
    attachments?: { type: string; payload?: { url?: string } }[];
    reply_to?: { story?: { url?: string; id?: string } };
    is_unsupported?: boolean;
  };
  const out: Record<string, unknown> = { message: message.text ?? "" };
  const files = [];
  const shares = [];
  for (const a of message.attachments ?? []) {
    const url = a.payload?.url;
    if (a.type === "story_mention") out.story = { mention: { link: url, id: row.mid } };
    else if (a.type === "image")
      files.push({ mime_type: "image/jpeg", image_data: { url, preview_url: url } });
    else if (a.type === "video")
      files.push({ mime_type: "video/mp4", video_data: { url, preview_url: url } });
    else if (a.type === "audio") files.push({ mime_type: "audio/mpeg", file_url: url });
    else if (a.type === "file") files.push({ mime_type: "application/octet-stream", file_url: url });
    else shares.push({ link: url, template: { type: a.type } });
  }
  if (message.reply_to?.story)
    out.story = { reply_to: { link: message.reply_to.story.url, id: message.reply_to.story.id } };
  if (files.length) out.attachments = { data: files };
  if (shares.length) out.shares = { data: shares };
  if (message.is_unsupported) out.is_unsupported = true;
  return out;
}

export function messageNode(row: MessageRow, accountRef: Ref, personRef: Ref) {
  const inbound = row.direction === "inbound";
  return {
    id: row.mid,
    created_time: fbTime(row.createdAt),
    from: inbound ? personRef : accountRef,
    to: { data: [inbound ? accountRef : personRef] },
    ...contentFields(row),
  };
}

/** Position of a message among its thread's listed messages, newest = 0. */
async function recency(ctx: SandboxContext, row: MessageRow): Promise<number> {
  const [r] = await ctx.db
    .select({ n: count() })
    .from(sandboxMessages)
    .where(
      and(
        eq(sandboxMessages.accountId, row.accountId),
        eq(sandboxMessages.personId, row.personId),
        inArray(sandboxMessages.kind, LISTED_KINDS),
        gt(sandboxMessages.seq, row.seq),
      ),
    );
  return Number(r?.n ?? 0);
}

/** GET /{mid}: refused, as Meta does, for a message older than the detail limit when one is set. */
export async function checkMessageDetails(ctx: SandboxContext, m: Moment, row: MessageRow) {
  const limit = m.settings.behaviour.messageDetailsLimit;
  if (limit !== null && (await recency(ctx, row)) >= limit)
    throw new GraphError(100, "(#100) This message has been deleted", 2534001);
}

/**
 * GET /{conversation-id}/messages?fields=…&limit=&after=: newest first, keyset-paged by the
 * sandbox's sequence (stable while new messages arrive). Beyond the detail limit, items carry
 * id and created_time only.
 */
export async function readConversationMessages(
  ctx: SandboxContext,
  m: Moment,
  thread: { accountId: string; personId: string },
  params: Params,
  selfUrl: string,
) {
  const limit = Math.min(100, Math.max(1, Number(params.limit ?? 25) || 25));
  const after = decodeSeq(str(params.after));
  const rows = await ctx.db
    .select()
    .from(sandboxMessages)
    .where(
      and(
        eq(sandboxMessages.accountId, thread.accountId),
        eq(sandboxMessages.personId, thread.personId),
        inArray(sandboxMessages.kind, LISTED_KINDS),
        ...(after !== undefined ? [lt(sandboxMessages.seq, after)] : []),
      ),
    )
    .orderBy(desc(sandboxMessages.seq))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const account = await directory.account(ctx.db, thread.accountId);
  const person = await directory.person(ctx.db, thread.personId);
  const accountRef = { username: account?.username, id: thread.accountId };
  const personRef = { username: person?.username, id: thread.personId };
  const fields = requestedFields(params, ["id", "created_time"]);
  const detailLimit = m.settings.behaviour.messageDetailsLimit;
  // Items before this page (newer ones) count towards the detail limit too.
  const newer = after === undefined || page.length === 0 ? 0 : await recency(ctx, page[0] as MessageRow);
  const data = page.map((row, i) => {
    const detailed = detailLimit === null || newer + i < detailLimit;
    const node = messageNode(row, accountRef, personRef);
    return pick(
      node,
      detailed ? fields : new Set([...fields].filter((f) => f === "id" || f === "created_time")),
    );
  });
  const last = page.at(-1);
  const first = page[0];
  return {
    data,
    paging: {
      cursors: {
        ...(first ? { before: encodeSeq(first.seq + 1) } : {}),
        ...(last ? { after: encodeSeq(last.seq) } : {}),
      },
      ...(rows.length > limit && last
        ? {
            next: `${selfUrl}?${new URLSearchParams({
              ...(str(params.fields) ? { fields: str(params.fields) as string } : {}),
              limit: String(limit),
              after: encodeSeq(last.seq),
            })}`,
          }
        : {}),
    },
  };
}
