import { z } from "zod";
import { RoleName } from "./workspaces.ts";

/** An API key as the API shows it: masked, with its last use. */
export const ApiKeyView = z.object({
  id: z.string(),
  name: z.string().nullable(),
  /** null for a key made outside autodm's API (no role in its metadata). */
  role: RoleName.nullable(),
  masked: z.string(),
  enabled: z.boolean(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ApiKeyView = z.infer<typeof ApiKeyView>;

/** GET /api/api-keys */
export const ApiKeyList = z.object({ apiKeys: z.array(ApiKeyView) });
export type ApiKeyList = z.infer<typeof ApiKeyList>;

/** POST /api/api-keys: the only answer that shows the whole key (only its hash is stored). */
export const CreatedApiKey = z.object({
  id: z.string(),
  name: z.string().nullable(),
  role: RoleName,
  key: z.string(),
  start: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;
