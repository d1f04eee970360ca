import { and, asc, desc, eq, max, ne } from "drizzle-orm";
import { sandboxMessages, sandboxPages } from "../db/schema/index.ts";
import type { Moment, SandboxContext } from "./context.ts";
import { checkMessageDetails, meterConversationsCall } from "./conversation-api.ts";
import { directory, type MessageRow, PRODUCT_TYPE } from "./directory.ts";
import { appScopedId, type Caller, fbTime } from "./graph-caller.ts";
import { graphErrors } from "./graph-error.ts";
import { pick, requestedFields, str } from "./graph-http.ts";
import { conversationId, parseConversationId } from "./ids.ts";
import { issueToken } from "./tokens.ts";

type Params = Record<string, unknown>;

async function accountFields(ctx: SandboxContext, accountId: string) {
  const a = await directory.account(ctx.db, accountId);
  if (!a) throw graphErrors.unknownObject(accountId);
  return {
    id: appScopedId(a.id),
    user_id: a.id,
    username: a.username,
    name: a.name,
    account_type: "BUSINESS",
    profile_picture_url: a.profilePictureUrl,
  };
}

/** GET /me: the account (Instagram), the user or the Page (Facebook). */
export async function readMe(ctx: SandboxContext, caller: Caller, params: Params) {
  if (caller.host === "instagram") {
    const all = await accountFields(ctx, caller.accountId as string);
    return pick(all, requestedFields(params, ["id"]));
  }
  if (caller.token.kind === "page") {
    const page = await directory.page(ctx.db, caller.pageId as string);
    return pick({ id: page?.id, name: page?.name }, requestedFields(params, ["id", "name"]));
  }
  const [user] = await ctx.db.query.sandboxFacebookUsers.findMany({
    where: (u, { eq }) => eq(u.id, caller.facebookUserId as string),
  });
  return pick({ id: user?.id, name: user?.name }, requestedFields(params, ["id", "name"]));
}

/** GET /me/accounts: the user's Pages with Page tokens (which never expire when the user token is long-lived). */
export async function readPages(ctx: SandboxContext, caller: Caller, params: Params, now: Date) {
  if (caller.token.kind === "page" || !caller.facebookUserId) return { data: [] };
  const pages = await ctx.db
    .select()
    .from(sandboxPages)
    .where(eq(sandboxPages.facebookUserId, caller.facebookUserId))
    .orderBy(asc(sandboxPages.id));
  const fields = requestedFields(params, ["name", "access_token", "category", "tasks"]);
  const data = [];
  for (const page of pages) {
    const { token } = await issueToken(
      ctx.db,
      "page",
      { pageId: page.id, facebookUserId: caller.facebookUserId, scopes: caller.token.scopes },
      now,
      caller.token.kind === "fb_user_long" ? null : caller.token.expiresAt,
    );
    data.push({
      id: page.id,
      ...pick(
        {
          name: page.name,
          access_token: token,
          category: "Shopping & retail",
          tasks: ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"],
          ...(page.accountId ? { instagram_business_account: { id: page.accountId } } : {}),
        },
        fields,
      ),
    });
  }
  return { data, paging: { cursors: { before: "QVFI", after: "QVFI" } } };
}

const encodeCursor = (n: number) => Buffer.from(`offset:${n}`).toString("base64url");
const decodeCursor = (s: string | undefined) => {
  const m = s ? /^offset:(\d+)$/.exec(Buffer.from(s, "base64url").toString()) : null;
  return m ? Number(m[1]) : 0;
};

/** GET /{id}/conversations?platform=instagram[&user_id=], newest first, paged by cursor. */
export async function readConversations(
  ctx: SandboxContext,
  accountId: string,
  params: Params,
  selfUrl: string,
) {
  if (params.platform !== "instagram") throw graphErrors.badParam("(#100) param platform must be instagram");
  const limit = Math.min(100, Math.max(1, Number(params.limit ?? 25) || 25));
  const offset = decodeCursor(str(params.after));
  const userId = str(params.user_id);
  const rows = await ctx.db
    .select({
      personId: sandboxMessages.personId,
      last: max(sandboxMessages.createdAt),
      seq: max(sandboxMessages.seq),
    })
    .from(sandboxMessages)
    .where(
      and(
        eq(sandboxMessages.accountId, accountId),
        ne(sandboxMessages.kind, "public_reply"),
        ...(userId ? [eq(sandboxMessages.personId, userId)] : []),
      ),
    )
    .groupBy(sandboxMessages.personId)
    .orderBy(desc(max(sandboxMessages.seq)))
    .limit(limit + 1)
    .offset(offset);
  const page = rows.slice(0, limit);
  const fields = requestedFields(params, ["id", "updated_time"]);
  const account = fields.has("participants") ? await directory.account(ctx.db, accountId) : undefined;
  const data = [];
  for (const r of page) {
    const all: Record<string, unknown> = {
      id: conversationId(accountId, r.personId),
      updated_time: fbTime(r.last ?? new Date(0)),
    };
    if (fields.has("participants")) {
      const person = await directory.person(ctx.db, r.personId);
      all.participants = {
        data: [
          { username: account?.username, id: accountId },
          { username: person?.username, id: r.personId },
        ],
      };
    }
    data.push({ id: all.id, ...pick(all, fields) });
  }
  return {
    data,
    paging: {
      cursors: { before: encodeCursor(offset), after: encodeCursor(offset + page.length) },
      ...(rows.length > limit
        ? {
            next: `${selfUrl}?${new URLSearchParams({
              platform: "instagram",
              limit: String(limit),
              after: encodeCursor(offset + limit),
              ...(str(params.fields) ? { fields: str(params.fields) as string } : {}),
              ...(userId ? { user_id: userId } : {}),
            })}`,
          }
        : {}),
    },
  };
}

function messageText(row: MessageRow): string {
  const m = row.body.message as { text?: string } | undefined;
  return m?.text ?? "";
}

/** GET /{id} for a conversation, a message, a person (with consent), a comment or a media. */
export async function readObject(ctx: SandboxContext, m: Moment, caller: Caller, id: string, params: Params) {
  const accountId = caller.accountId;
  const account = accountId ? await directory.account(ctx.db, accountId) : undefined;
  const accountRef = account ? { username: account.username, id: account.id } : undefined;

  if (accountId && (id === accountId || id === appScopedId(accountId)))
    return pick(await accountFields(ctx, accountId), requestedFields(params, ["id"]));
  if (caller.pageId && id === caller.pageId) {
    const page = await directory.page(ctx.db, id);
    const all = {
      id,
      name: page?.name,
      ...(accountId ? { instagram_business_account: { id: accountId } } : {}),
    };
    return pick(all, requestedFields(params, ["id", "name"]));
  }

  const conv = parseConversationId(id);
  if (conv && conv.accountId === accountId) {
    await meterConversationsCall(ctx, m, caller, "/{conversation-id}");
    const person = await directory.person(ctx.db, conv.personId);
    const items = await ctx.db
      .select()
      .from(sandboxMessages)
      .where(
        and(
          eq(sandboxMessages.accountId, conv.accountId),
          eq(sandboxMessages.personId, conv.personId),
          ne(sandboxMessages.kind, "public_reply"),
        ),
      )
      .orderBy(desc(sandboxMessages.seq))
      .limit(50);
    const all = {
      id,
      updated_time: fbTime(items[0]?.createdAt ?? new Date(0)),
      participants: { data: [accountRef, { username: person?.username, id: conv.personId }] },
      messages: {
        data: items
          .filter((m) => m.kind === "message" || m.kind === "private_reply")
          .map((m) => ({ id: m.mid, created_time: fbTime(m.createdAt) })),
      },
    };
    return pick(all, requestedFields(params, ["id", "updated_time"]));
  }

  const message = await directory.message(ctx.db, id);
  if (message && message.accountId === accountId) {
    await meterConversationsCall(ctx, m, caller, "/{message-id}");
    await checkMessageDetails(ctx, m, message);
    const person = await directory.person(ctx.db, message.personId);
    const personRef = { username: person?.username, id: message.personId };
    const inbound = message.direction === "inbound";
    const all = {
      id: message.mid,
      created_time: fbTime(message.createdAt),
      from: inbound ? personRef : accountRef,
      to: { data: [inbound ? accountRef : personRef] },
      message: messageText(message),
    };
    return pick(all, requestedFields(params, ["id", "created_time"]));
  }

  const person = await directory.person(ctx.db, id);
  if (person && accountId) {
    // Consent: the person has messaged the account (DM, story reply, postback); commenting is not enough.
    if (!(await directory.lastOpener(ctx.db, accountId, person.igsid))) throw graphErrors.noConsent();
    const all = {
      id: person.igsid,
      name: person.name,
      username: person.username,
      profile_pic: person.profilePic,
      follower_count: person.followerCount,
      is_user_follow_business: person.followsBusiness,
      is_business_follow_user: person.businessFollowsUser,
      is_verified_user: person.isVerified,
    };
    return { id: person.igsid, ...pick(all, requestedFields(params, ["name", "username"])) };
  }

  const comment = await directory.comment(ctx.db, id);
  if (comment && comment.accountId === accountId) {
    const from = comment.personId ? await directory.person(ctx.db, comment.personId) : undefined;
    const fromRef = from ? { id: from.igsid, username: from.username } : accountRef;
    const all = {
      id: comment.id,
      text: comment.text,
      timestamp: fbTime(comment.createdAt),
      from: fromRef,
      username: fromRef?.username,
      hidden: comment.hidden,
      media: { id: comment.mediaId },
      ...(comment.parentId ? { parent_id: comment.parentId } : {}),
    };
    return pick(all, requestedFields(params, ["id", "text", "timestamp"]));
  }

  const media = await directory.media(ctx.db, id);
  if (media && media.accountId === accountId) {
    const all = {
      id: media.id,
      caption: media.caption,
      media_product_type: PRODUCT_TYPE[media.kind],
      media_type: media.kind === "post" ? "IMAGE" : "VIDEO",
      timestamp: fbTime(media.createdAt),
      username: account?.username,
    };
    return pick(all, requestedFields(params, ["id"]));
  }
  throw graphErrors.unknownObject(id);
}
