import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { ActivityFilter, activityChangedSince, listActivity } from "../../activity/activity-query.ts";
import type { Db } from "../../db/database.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";

const POLL_MS = 1_000;
const StreamFilter = ActivityFilter.omit({ cursor: true, limit: true });

/**
 * The activity log: filtered, newest first, cursor-paged; and a Server-Sent Events stream of
 * rows as they are created or change (polled from the table, so it works whichever process
 * did the work).
 */
export function activityRoutes(deps: { db: Db }) {
  return new Hono<AppEnv>()
    .get("/api/activity", validate("query", ActivityFilter), async (c) =>
      c.json(await listActivity(deps.db, c.get("workspaceId"), c.req.valid("query"))),
    )
    .get("/api/activity/stream", validate("query", StreamFilter), (c) => {
      const workspaceId = c.get("workspaceId");
      const filter = c.req.valid("query");
      return streamSSE(c, async (stream) => {
        let since = new Date();
        let open = true;
        stream.onAbort(() => {
          open = false;
        });
        await stream.writeSSE({ event: "ready", data: JSON.stringify({ since: since.toISOString() }) });
        while (open) {
          const rows = await activityChangedSince(deps.db, workspaceId, since, filter);
          for (const row of rows) {
            await stream.writeSSE({ event: "activity", id: String(row.id), data: JSON.stringify(row) });
            if (row.updatedAt > since) since = row.updatedAt;
          }
          await stream.sleep(POLL_MS);
        }
      });
    });
}
