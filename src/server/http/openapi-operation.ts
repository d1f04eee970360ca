import { z } from "zod";

/** One documented route: described with the same zod schemas the route validates with. */
export interface Operation {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI style: /api/automations/{id} */
  path: string;
  summary: string;
  tag: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  bodyType?: "json" | "form" | "multipart";
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
}

export const ok = (description: string, schema?: z.ZodType) => ({
  description,
  ...(schema ? { schema } : {}),
});

/** A text answer (Prometheus, HTML pages, Server-Sent Events, CSV): its schema is a string. */
export const text = (
  description: string,
  contentType: "text/plain" | "text/html" | "text/event-stream" | "text/csv",
) => ({
  description,
  contentType,
  schema: z.string(),
});
