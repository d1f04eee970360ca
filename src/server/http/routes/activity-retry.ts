import { Hono } from "hono";
import { z } from "zod";
import { ActivityRetried } from "../../../shared/api/activity.ts";
import { retryActivity } from "../../activity/activity-retry.ts";
import type { Db } from "../../db/database.ts";
import { AppError } from "../../errors.ts";
import type { JobQueue } from "../../jobs/job-queue.ts";
import type { AppEnv } from "../app-env.ts";
import { reply } from "../respond.ts";
import { validate } from "../validate.ts";

/** Any text: an id that is not a row's number is simply not found (404, like another workspace's). */
const ActivityId = z.object({ id: z.string().min(1).max(40) });

/** POST /api/activity/:id/retry: try a failed or dead-lettered row's work again (see activity-retry.ts). */
export function activityRetryRoutes(deps: { db: Db; jobQueue: JobQueue }) {
  return new Hono<AppEnv>().post("/api/activity/:id/retry", validate("param", ActivityId), async (c) => {
    const { id } = c.req.valid("param");
    if (!/^[1-9]\d{0,15}$/.test(id)) throw new AppError("not_found", `activity ${id} not found`);
    return reply(c, ActivityRetried, await retryActivity(deps, c.get("workspaceId"), Number(id)), 202);
  });
}
