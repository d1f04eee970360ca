import { z } from "zod";

/**
 * A workspace role and a permission as the API writes them. The table of which role may do what
 * is the server's (auth/permissions.ts); these are its names.
 */
export const RoleName = z.string();
export const PermissionName = z.string();

/** GET /api/me: who is calling, in which workspace, with which role and permissions. */
export const Me = z.object({
  /** null when the caller is an API key. */
  user: z
    .object({ id: z.string(), name: z.string(), email: z.string(), image: z.string().nullable() })
    .nullable(),
  via: z.enum(["session", "api-key"]),
  workspace: z.object({ id: z.string(), name: z.string() }),
  role: RoleName,
  permissions: z.array(PermissionName),
  /** Every workspace the person belongs to, with their role there. */
  workspaces: z.array(z.object({ id: z.string(), name: z.string(), role: RoleName })),
});
export type Me = z.infer<typeof Me>;
