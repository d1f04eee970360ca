import { queryOptions } from "@tanstack/react-query";
import { api } from "../../lib/api-client.ts";
import type { WorkspaceRole } from "../../lib/use-me.ts";

/**
 * What the settings pages read and write: our own /api/invitations and /api/api-keys, and
 * better-auth's organization and session endpoints under /api/auth (the server mounts all of
 * /api/auth/*; better-auth checks the role against the same permission table).
 */

export interface Member {
  id: string;
  userId: string;
  organizationId: string;
  role: WorkspaceRole;
  createdAt: string;
  user: { id: string; name: string; email: string; image?: string | null };
}

export interface Invitation {
  id: string;
  email: string;
  role: WorkspaceRole;
  expiresAt: string;
  /** null when the server mails invitations (SMTP configured). */
  link: string | null;
}

export interface CreatedInvitation extends Invitation {
  mailed: boolean;
}

export interface ApiKeyView {
  id: string;
  name: string | null;
  role: WorkspaceRole | null;
  masked: string;
  enabled: boolean;
  lastUsedAt: string | null;
  expiresAt: string | null;
  createdAt: string;
}

export interface CreatedApiKey {
  id: string;
  name: string | null;
  role: WorkspaceRole;
  /** The whole key: shown once, only its hash is stored. */
  key: string;
  start: string | null;
  expiresAt: string | null;
}

export interface SessionView {
  id: string;
  token: string;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  ipAddress?: string | null;
  userAgent?: string | null;
}

export const settingsQueries = {
  members: (workspaceId: string) =>
    queryOptions({
      queryKey: ["members", workspaceId],
      queryFn: async () =>
        (
          await api.get<{ members: Member[]; total: number }>("/api/auth/organization/list-members", {
            query: { organizationId: workspaceId, limit: 200 },
          })
        ).members,
    }),
  invitations: () =>
    queryOptions({
      queryKey: ["invitations"],
      queryFn: async () => (await api.get<{ invitations: Invitation[] }>("/api/invitations")).invitations,
    }),
  apiKeys: () =>
    queryOptions({
      queryKey: ["api-keys"],
      queryFn: async () => (await api.get<{ apiKeys: ApiKeyView[] }>("/api/api-keys")).apiKeys,
    }),
  sessions: () =>
    queryOptions({
      queryKey: ["sessions"],
      queryFn: () => api.get<SessionView[]>("/api/auth/list-sessions"),
    }),
  currentSession: () =>
    queryOptions({
      queryKey: ["session", "current"],
      queryFn: () => api.get<{ session: { token: string } } | null>("/api/auth/get-session"),
    }),
};

export const settingsApi = {
  invite: (email: string, role: WorkspaceRole) =>
    api.post<CreatedInvitation>("/api/invitations", { email, role }),
  cancelInvitation: (invitationId: string) =>
    api.post("/api/auth/organization/cancel-invitation", { invitationId }),
  updateRole: (workspaceId: string, memberId: string, role: WorkspaceRole) =>
    api.post("/api/auth/organization/update-member-role", { organizationId: workspaceId, memberId, role }),
  removeMember: (workspaceId: string, memberId: string) =>
    api.post("/api/auth/organization/remove-member", {
      organizationId: workspaceId,
      memberIdOrEmail: memberId,
    }),
  createApiKey: (input: { name: string; role: WorkspaceRole; expiresInDays?: number }) =>
    api.post<CreatedApiKey>("/api/api-keys", input),
  revokeApiKey: (id: string) => api.delete(`/api/api-keys/${encodeURIComponent(id)}`),
  revokeSession: (token: string) => api.post("/api/auth/revoke-session", { token }),
  revokeOtherSessions: () => api.post("/api/auth/revoke-other-sessions", {}),
};
