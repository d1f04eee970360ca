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

/** GET /api/openapi.json: the document itself (its paths are described by the document). */
export const OpenApiDocument = z.object({
  openapi: z.literal("3.1.0"),
  info: z.object({ title: z.string(), version: z.string(), description: z.string() }),
  servers: z.array(z.object({ url: z.string() })),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});
export type OpenApiDocument = z.infer<typeof OpenApiDocument>;
