import { useQuery } from "@tanstack/react-query";
import type { Permission, WorkspaceRole } from "../../shared/permissions.ts";
import { ApiError, api } from "./api-client.ts";

export type { Permission, WorkspaceRole };

/** GET /api/me: who is calling, in which workspace, with which role and permissions. */
export interface Me {
  user: { id: string; name: string; email: string; image: string | null } | null;
  via: "session" | "api-key";
  workspace: { id: string; name: string };
  role: WorkspaceRole;
  permissions: Permission[];
  workspaces: { id: string; name: string; role: WorkspaceRole }[];
}

export const meQueryKey = ["me"] as const;

export const meQuery = {
  queryKey: meQueryKey,
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get<Me>("/api/me", { signal }),
  staleTime: 60_000,
  retry: (count: number, error: unknown) => !(error instanceof ApiError && error.status < 500) && count < 2,
};

/**
 * The caller's workspace, role and permissions. `can(p)` mirrors the server's permission table
 * (src/shared/permissions.ts) so pages can hide what the role may not do — the server
 * enforces it anyway. While loading, `can` answers false.
 */
export function useMe() {
  const query = useQuery(meQuery);
  const me = query.data;
  return {
    ...query,
    me,
    role: me?.role,
    can: (permission: Permission) => Boolean(me?.permissions.includes(permission)),
  };
}
