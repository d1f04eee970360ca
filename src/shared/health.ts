import { z } from "zod";

/** GET /health — also read by the dashboard's status badge. */
export const HealthResponse = z.object({
  status: z.enum(["ok", "unavailable"]),
  db: z.enum(["up", "down"]),
  queue: z.enum(["up", "down"]),
  queueBackend: z.enum(["redis", "postgres"]),
  version: z.string(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

/** Every API error, whatever the route. */
export const ApiError = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ApiError = z.infer<typeof ApiError>;
