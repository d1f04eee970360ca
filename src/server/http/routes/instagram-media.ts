import { Hono } from "hono";
import { z } from "zod";
import { type MediaItem, MediaList } from "../../../shared/api/accounts.ts";
import { AppError } from "../../errors.ts";
import type { AccountGraph } from "../../instagram/account-graph.ts";
import type { AccountsRepo } from "../../instagram/accounts-repo.ts";
import { GraphError } from "../../instagram/graph-error.ts";
import type { AppEnv } from "../app-env.ts";
import { reply } from "../respond.ts";
import { validate } from "../validate.ts";

const Id = z.object({ id: z.string().uuid("expected an account id") });

const KIND: Record<string, MediaItem["kind"]> = { REELS: "reel", STORY: "story", LIVE: "live" };

/**
 * GET /api/instagram/accounts/:id/media: the account's posts and reels, then its current
 * stories, read from Instagram (the builder's pickers for chosen posts and chosen stories). Instagram's refusal is a 503 naming it.
 */
export function instagramMediaRoutes(deps: { accounts: AccountsRepo; graphs: AccountGraph }) {
  return new Hono<AppEnv>().get("/api/instagram/accounts/:id/media", validate("param", Id), async (c) => {
    const row = await deps.accounts.get(c.get("workspaceId"), c.req.valid("param").id);
    if (!row) throw new AppError("not_found", "account not found");
    if (row.status === "expired") throw new AppError("conflict", "the account must be reconnected first");
    try {
      const graph = deps.graphs.client(row.loginType);
      const account = deps.graphs.account(row);
      const [posts, stories] = await Promise.all([graph.listMedia(account), graph.listStories(account)]);
      const media: MediaItem[] = [...posts.data, ...stories.data].map((m) => ({
        id: m.id,
        caption: m.caption ?? "",
        kind: KIND[m.media_product_type ?? ""] ?? "post",
        timestamp: m.timestamp ?? null,
        permalink: m.permalink ?? null,
      }));
      return reply(c, MediaList, { media });
    } catch (err) {
      if (err instanceof GraphError)
        throw new AppError("unavailable", `Instagram did not list the posts: ${err.message}`);
      throw err;
    }
  });
}
