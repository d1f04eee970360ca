import { Hono } from "hono";
import { Stats } from "../../../shared/api/stats.ts";
import { StatsQuery, workspaceStats } from "../../activity/workspace-stats.ts";
import type { Db } from "../../db/database.ts";
import type { AppEnv } from "../app-env.ts";
import { reply } from "../respond.ts";
import { validate } from "../validate.ts";

/** Home's numbers: messages sent / failed / pending, success rate, per day, top automations. */
export function statsRoutes(deps: { db: Db }) {
  return new Hono<AppEnv>().get("/api/stats", validate("query", StatsQuery), async (c) =>
    reply(c, Stats, await workspaceStats(deps.db, c.get("workspaceId"), c.req.valid("query"))),
  );
}
