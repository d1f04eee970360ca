import { Hono } from "hono";
import { z } from "zod";
import { DmSendInput, DmStatusView } from "../../../shared/api/dm.ts";
import { AttemptLimiter } from "../../auth/attempt-limiter.ts";
import { type DmService, toDmStatus } from "../../dm/dm-service.ts";
import { AppError } from "../../errors.ts";
import type { AppEnv } from "../app-env.ts";
import { reply } from "../respond.ts";
import { validate } from "../validate.ts";

const LeadId = z.object({ leadId: z.string().min(1).max(64) });

/**
 * The DM API (session or API key, editor and up): send a DM to a lead, read its status, retry a
 * failed one. Sends answer 202: the DM goes out through the job queue and the Sender.
 */
export function dmRoutes(deps: { dm: DmService; ratePerMinute: number }) {
  const limiter = new AttemptLimiter(deps.ratePerMinute, 60_000);
  const limit = (workspaceId: string) => {
    if (limiter.take(workspaceId)) return;
    throw new AppError("rate_limited", `at most ${deps.ratePerMinute} DM API calls a minute`, {
      retryAfterSeconds: Math.ceil(limiter.retryAfterMs(workspaceId) / 1000),
    });
  };
  return new Hono<AppEnv>()
    .post("/api/dm/send", validate("json", DmSendInput), async (c) => {
      limit(c.get("workspaceId"));
      const lead = await deps.dm.send(c.get("workspaceId"), c.req.valid("json"));
      return reply(c, DmStatusView, toDmStatus(lead), 202);
    })
    .get("/api/dm/status/:leadId", validate("param", LeadId), async (c) =>
      reply(c, DmStatusView, await deps.dm.status(c.get("workspaceId"), c.req.valid("param").leadId)),
    )
    .post("/api/dm/retry/:leadId", validate("param", LeadId), async (c) => {
      limit(c.get("workspaceId"));
      const lead = await deps.dm.retry(c.get("workspaceId"), c.req.valid("param").leadId);
      return reply(c, DmStatusView, toDmStatus(lead), 202);
    });
}
