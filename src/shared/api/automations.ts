import { z } from "zod";
import { Automation, AutomationInput } from "../automation.ts";

/** The automation model itself lives in ../automation.ts (the API validates its input with it). */
export { Automation };

/** What an automation did, from the activity log. */
export const AutomationCounters = z.object({
  runs: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  misses: z.number(),
  dms: z.number(),
  comments: z.number(),
  lastActivityAt: z.string().nullable(),
});
export type AutomationCounters = z.infer<typeof AutomationCounters>;

/** GET /api/automations/:id */
export const AutomationWithCounters = z.intersection(Automation, z.object({ counters: AutomationCounters }));
export type AutomationWithCounters = z.infer<typeof AutomationWithCounters>;

/** GET /api/automations */
export const AutomationList = z.object({ automations: z.array(AutomationWithCounters) });
export type AutomationList = z.infer<typeof AutomationList>;

/** One entry of the gallery: the automation its defaults make, and what the owner may fill in. */
export const AutomationTemplate = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  when: z.string(),
  fields: z.array(
    z.object({
      name: z.enum(["link", "bookingUrl", "keyword"]),
      label: z.string(),
      kind: z.enum(["url", "text"]),
      default: z.string(),
    }),
  ),
  automation: AutomationInput,
});
export type AutomationTemplate = z.infer<typeof AutomationTemplate>;

/** GET /api/automation-templates */
export const TemplateList = z.object({ templates: z.array(AutomationTemplate) });
export type TemplateList = z.infer<typeof TemplateList>;
