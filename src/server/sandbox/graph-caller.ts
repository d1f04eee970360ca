import type { SandboxContext } from "./context.ts";
import { directory } from "./directory.ts";
import { GraphError, graphErrors } from "./graph-error.ts";
import { type GraphContext, presentedToken } from "./graph-http.ts";
import { authenticate, type TokenRow } from "./tokens.ts";

export type Host = "instagram" | "facebook";

/** Who is calling: an Instagram account (Instagram Login), a Page, or a Facebook user. */
export interface Caller {
  host: Host;
  token: TokenRow;
  accountId: string | undefined;
  pageId: string | undefined;
  facebookUserId: string | undefined;
}

/** Meta's `id` on /me (app-scoped) differs from `user_id` (the professional account id); both are accepted in paths. */
export const appScopedId = (accountId: string) => `9${accountId.slice(1)}`;

export async function authenticateCaller(
  ctx: SandboxContext,
  c: GraphContext,
  params: Record<string, unknown>,
  host: Host,
): Promise<Caller> {
  const token = await authenticate(ctx.db, presentedToken(c, params), host, c.get("moment").now);
  let accountId = token.accountId ?? undefined;
  if (token.kind === "page" && token.pageId) {
    accountId = (await directory.page(ctx.db, token.pageId))?.accountId ?? undefined;
  }
  c.set("accountId", accountId);
  return {
    host,
    token,
    accountId,
    pageId: token.pageId ?? undefined,
    facebookUserId: token.facebookUserId ?? undefined,
  };
}

export type Edge = "messages" | "subscribed_apps" | "conversations";

/**
 * The account a node id in `/{id}/<edge>` designates for this caller. Instagram Login: "me",
 * the account id (or its app-scoped id). Facebook Login: "me" or the Page id, with a Page
 * token; the Instagram id there fails with (#3), as Meta does.
 */
export function resolveNode(
  caller: Caller,
  id: string,
  edge: Edge,
): { accountId: string | undefined; subscriptionTarget: string } {
  if (caller.host === "instagram") {
    const accountId = caller.accountId as string;
    if (id === "me" || id === accountId || id === appScopedId(accountId))
      return { accountId, subscriptionTarget: accountId };
    throw graphErrors.unknownObject(id, edge === "messages" ? "post" : "get");
  }
  if (caller.token.kind !== "page")
    throw new GraphError(210, "(#210) A page access token is required to request this resource.");
  const pageId = caller.pageId as string;
  if (id === "me" || id === pageId) {
    if (!caller.accountId && edge !== "subscribed_apps")
      throw graphErrors.badParam("(#100) This Page is not linked to an Instagram professional account.");
    return { accountId: caller.accountId, subscriptionTarget: pageId };
  }
  if (caller.accountId && id === caller.accountId && edge === "messages") throw graphErrors.noCapability();
  throw graphErrors.unknownObject(id, edge === "messages" ? "post" : "get");
}

/** Meta's time format: 2024-05-01T12:00:00+0000. */
export const fbTime = (d: Date) => `${d.toISOString().slice(0, 19)}+0000`;
