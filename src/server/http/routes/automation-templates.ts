import { Hono } from "hono";
import { z } from "zod";
import { Automation, TemplateList } from "../../../shared/api/automations.ts";
import type { AutomationsRepo } from "../../automations/automations-repo.ts";
import { templateById, templateViews } from "../../automations/template-catalog.ts";
import { AppError } from "../../errors.ts";
import type { AppEnv } from "../app-env.ts";
import { reply } from "../respond.ts";
import { validate } from "../validate.ts";

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => /^https?:\/\/[^\s]+$/i.test(u), "expected an http(s) link");

export const TemplateId = z.object({
  id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "expected a template id"),
});
export const FromTemplateInput = z.object({
  link: httpUrl.optional(),
  bookingUrl: httpUrl.optional(),
  keyword: z.string().trim().min(1).max(50).optional(),
  /** null or absent: every account of the workspace. */
  accountId: z.string().uuid().nullable().optional(),
  enabled: z.boolean().optional(),
});

/**
 * The template gallery (the editor opens one pre-filled with `?template=<id>`), and "use this
 * template": a real automation from it in one call.
 */
export function automationTemplateRoutes(deps: { automations: AutomationsRepo }) {
  return new Hono<AppEnv>()
    .get("/api/automation-templates", (c) => reply(c, TemplateList, { templates: templateViews() }))
    .post(
      "/api/automation-templates/:id",
      validate("param", TemplateId),
      validate("json", FromTemplateInput),
      async (c) => {
        const template = templateById(c.req.valid("param").id);
        if (!template) throw new AppError("not_found", "no such template");
        const { enabled, ...params } = c.req.valid("json");
        const input = template.build(params);
        const created = await deps.automations.create(c.get("workspaceId"), {
          ...input,
          ...(enabled === undefined ? {} : { enabled }),
        });
        return reply(c, Automation, created, 201);
      },
    );
}
