import { z } from "zod";

const count = z.number().int().min(0);

/** GET /api/stats: Home's numbers for a window of whole UTC days ending today. */
export const Stats = z.object({
  days: z.number().int(),
  /** The first instant of the window (ISO). */
  from: z.string(),
  /** Messages autodm sent (DMs, private and public replies), by outcome. */
  messages: z.object({ sent: count, failed: count, pending: count }),
  /** sent / (sent + failed), or null when nothing was attempted. */
  successRate: z.number().nullable(),
  /** Handled events by outcome; `skipped` are the misses (no automation took the event). */
  events: z.object({ success: count, failed: count, pending: count, skipped: count }),
  perDay: z.array(z.object({ date: z.string(), sent: count, failed: count })),
  topAutomations: z.array(
    z.object({ id: z.string(), name: z.string(), success: count, failed: count, total: count }),
  ),
});
export type Stats = z.infer<typeof Stats>;
