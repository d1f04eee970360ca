import { Hono } from "hono";
import { z } from "zod";
import { Automation, AutomationList, AutomationWithCounters } from "../../../shared/api/automations.ts";
import { AutomationInput } from "../../../shared/automation.ts";
import { AutomationsRepo } from "../../automations/automations-repo.ts";
import type { AppEnv } from "../app-env.ts";
import { reply } from "../respond.ts";
import { validate } from "../validate.ts";

const Id = z.object({ id: z.string().min(1).max(64) });
const Patch = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    enabled: z.boolean().optional(),
  })
  .refine((p) => p.name !== undefined || p.enabled !== undefined, { error: "give name or enabled" });

/** /api/automations: workspace-scoped CRUD, enable / disable, duplicate, list with counters. */
export function automationRoutes(deps: { automations: AutomationsRepo }) {
  const repo = deps.automations;
  return new Hono<AppEnv>()
    .get("/api/automations", async (c) => {
      const workspaceId = c.get("workspaceId");
      const [list, counters] = await Promise.all([repo.list(workspaceId), repo.counters(workspaceId)]);
      return reply(c, AutomationList, {
        automations: list.map((a) => ({
          ...a,
          counters: counters.get(a.id) ?? AutomationsRepo.emptyCounters(),
        })),
      });
    })
    .post("/api/automations", validate("json", AutomationInput), async (c) =>
      reply(c, Automation, await repo.create(c.get("workspaceId"), c.req.valid("json")), 201),
    )
    .get("/api/automations/:id", validate("param", Id), async (c) => {
      const workspaceId = c.get("workspaceId");
      const automation = await repo.get(workspaceId, c.req.valid("param").id);
      const counters =
        (await repo.counters(workspaceId)).get(automation.id) ?? AutomationsRepo.emptyCounters();
      return reply(c, AutomationWithCounters, { ...automation, counters });
    })
    .put("/api/automations/:id", validate("param", Id), validate("json", AutomationInput), async (c) =>
      reply(
        c,
        Automation,
        await repo.replace(c.get("workspaceId"), c.req.valid("param").id, c.req.valid("json")),
      ),
    )
    .patch("/api/automations/:id", validate("param", Id), validate("json", Patch), async (c) => {
      const workspaceId = c.get("workspaceId");
      const { id } = c.req.valid("param");
      const patch = c.req.valid("json");
      let automation = await repo.get(workspaceId, id);
      if (patch.name !== undefined) {
        const { id: _i, workspaceId: _w, createdAt: _c, updatedAt: _u, ...input } = automation;
        automation = await repo.replace(workspaceId, id, { ...input, name: patch.name });
      }
      if (patch.enabled !== undefined) automation = await repo.setEnabled(workspaceId, id, patch.enabled);
      return reply(c, Automation, automation);
    })
    .post("/api/automations/:id/enable", validate("param", Id), async (c) =>
      reply(c, Automation, await repo.setEnabled(c.get("workspaceId"), c.req.valid("param").id, true)),
    )
    .post("/api/automations/:id/disable", validate("param", Id), async (c) =>
      reply(c, Automation, await repo.setEnabled(c.get("workspaceId"), c.req.valid("param").id, false)),
    )
    .post("/api/automations/:id/duplicate", validate("param", Id), async (c) =>
      reply(c, Automation, await repo.duplicate(c.get("workspaceId"), c.req.valid("param").id), 201),
    )
    .delete("/api/automations/:id", validate("param", Id), async (c) => {
      await repo.delete(c.get("workspaceId"), c.req.valid("param").id);
      return c.body(null, 204);
    });
}
