import { z } from "zod";

/** POST /api/demo/jobs (DEMO_JOBS_API=on only) */
export const DemoEnqueued = z.object({ enqueued: z.number() });
export type DemoEnqueued = z.infer<typeof DemoEnqueued>;

/** GET /api/demo/effects: what the demo jobs recorded. */
export const DemoEffects = z.object({
  effects: z.number(),
  executions: z.number(),
  executedKeys: z.number(),
});
export type DemoEffects = z.infer<typeof DemoEffects>;
