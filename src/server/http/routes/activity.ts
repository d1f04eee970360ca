import { Hono } from "hono";
import { type ActivityItem, ActivityPage } from "../../../shared/api/activity.ts";
import {
  ActivityFilter,
  type ActivityRow,
  activityChangedSince,
  listActivity,
} from "../../activity/activity-query.ts";
import type { Db } from "../../db/database.ts";
import type { AppEnv } from "../app-env.ts";
import { pollStream } from "../poll-stream.ts";
import { reply } from "../respond.ts";
import { validate } from "../validate.ts";

const POLL_MS = 1_000;
const StreamFilter = ActivityFilter.omit({ cursor: true, limit: true });

/** A row as the API shows it (the page and the stream alike). */
const itemOf = (row: ActivityRow): ActivityItem => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/**
 * The activity log: filtered, newest first, cursor-paged; and a Server-Sent Events stream of
 * rows as they are created or change (polled from the table, so it works whichever process
 * did the work).
 */
export function activityRoutes(deps: { db: Db }) {
  return new Hono<AppEnv>()
    .get("/api/activity", validate("query", ActivityFilter), async (c) => {
      const page = await listActivity(deps.db, c.get("workspaceId"), c.req.valid("query"));
      return reply(c, ActivityPage, { items: page.items.map(itemOf), nextCursor: page.nextCursor });
    })
    .get("/api/activity/stream", validate("query", StreamFilter), (c) => {
      const workspaceId = c.get("workspaceId");
      const filter = c.req.valid("query");
      return pollStream(c, {
        event: "activity",
        intervalMs: POLL_MS,
        changedSince: async (since) =>
          (await activityChangedSince(deps.db, workspaceId, since, filter)).map((row) => ({
            changedAt: row.updatedAt,
            id: String(row.id),
            data: itemOf(row),
          })),
      });
    });
}
