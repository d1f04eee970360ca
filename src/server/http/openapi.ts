import { z } from "zod";
import { AUTH_OPERATIONS } from "./openapi-extra-operations.ts";
import { OPERATIONS } from "./openapi-operations.ts";

/**
 * The REST API's OpenAPI 3.1 document, built from the operations table (openapi-operations.ts).
 */
const BODY_TYPES = {
  json: "application/json",
  form: "application/x-www-form-urlencoded",
  multipart: "multipart/form-data",
} as const;

const Id = { name: "id", in: "path", required: true, schema: { type: "string" } };

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return rest;
};

export function openApiDocument(options: { version: string; serverUrl: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of [...OPERATIONS, ...AUTH_OPERATIONS]) {
    const params: unknown[] = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ ...Id, name: m[1] }));
    if (op.query) {
      const schema = jsonSchema(op.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(schema.properties ?? {})) {
        params.push({ name, in: "query", required: schema.required?.includes(name) ?? false, schema: s });
      }
    }
    paths[op.path] ??= {};
    (paths[op.path] as Record<string, unknown>)[op.method] = {
      summary: op.summary,
      tags: [op.tag],
      ...(params.length ? { parameters: params } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: {
                [BODY_TYPES[op.bodyType ?? "json"]]: {
                  schema: jsonSchema(op.body),
                },
              },
            },
          }
        : {}),
      responses: Object.fromEntries(
        Object.entries(op.responses).map(([status, r]) => [
          status,
          {
            description: r.description,
            ...(r.schema
              ? { content: { [r.contentType ?? "application/json"]: { schema: jsonSchema(r.schema) } } }
              : {}),
          },
        ]),
      ),
    };
  }
  return {
    openapi: "3.1.0" as const,
    info: {
      title: "autodm API",
      version: options.version,
      description:
        "Instagram DM automation. Every /api route works in the caller's workspace — a session cookie or `Authorization: Bearer <API key>` — except /api/auth/*, /api/setup and this document; errors are `{error:{code,message}}`.",
    },
    servers: [{ url: options.serverUrl }],
    paths,
  };
}
