import { and, asc, desc, eq, ne } from "drizzle-orm";
import { sandboxMedia } from "../db/schema/index.ts";
import type { SandboxContext } from "./context.ts";
import { PRODUCT_TYPE } from "./directory.ts";
import { appScopedId, type Caller, fbTime, type Host } from "./graph-caller.ts";
import { graphErrors } from "./graph-error.ts";
import { str } from "./graph-http.ts";

type Params = Record<string, unknown>;

/**
 * GET /{ig-user-id}/media: the account's posts, reels and lives, newest first, as Meta lists
 * them; GET /{ig-user-id}/stories: its stories. Instagram Login accepts `me`; Facebook Login reads the
 * Instagram account id with its Page token.
 */
export async function readMedia(
  ctx: SandboxContext,
  caller: Caller,
  host: Host,
  id: string,
  params: Params,
  edge: "media" | "stories" = "media",
) {
  const accountId = caller.accountId;
  const mine =
    accountId !== undefined &&
    (id === accountId || (host === "instagram" && (id === "me" || id === appScopedId(accountId))));
  if (!mine) throw graphErrors.unknownObject(id, "get");
  const limit = Math.min(100, Math.max(1, Number(str(params.limit) ?? 25) || 25));
  const rows = await ctx.db
    .select()
    .from(sandboxMedia)
    .where(
      and(
        eq(sandboxMedia.accountId, accountId),
        edge === "stories" ? eq(sandboxMedia.kind, "story") : ne(sandboxMedia.kind, "story"),
      ),
    )
    .orderBy(desc(sandboxMedia.createdAt), asc(sandboxMedia.id))
    .limit(limit);
  return {
    data: rows.map((m) => ({
      id: m.id,
      caption: m.caption,
      media_type: m.kind === "post" ? "IMAGE" : "VIDEO",
      media_product_type: PRODUCT_TYPE[m.kind],
      timestamp: fbTime(m.createdAt),
      permalink: `${ctx.options.publicUrl}/p/${m.id}`,
    })),
    paging: { cursors: { before: "MA==", after: Buffer.from(String(rows.length)).toString("base64") } },
  };
}
