import { Hono } from "hono";
import { z } from "zod";
import { ApiKeyList, type ApiKeyView, CreatedApiKey } from "../../../shared/api/api-keys.ts";
import { CreatedInvitation, InvitationList } from "../../../shared/api/members.ts";
import { SetupStatus } from "../../../shared/api/setup.ts";
import { Me } from "../../../shared/api/workspaces.ts";
import { isRole, mayGrant, permissionsOf, ROLES, type WorkspaceRole } from "../../../shared/permissions.ts";
import { API_KEY_PREFIX, type Auth } from "../../auth/auth.ts";
import { invitationLink, type Mailer } from "../../auth/mailer.ts";
import { type ApiKeyRow, WorkspacesRepo } from "../../auth/workspaces-repo.ts";
import type { AuthConfig } from "../../config.ts";
import type { Db } from "../../db/database.ts";
import { AppError } from "../../errors.ts";
import type { AppEnv } from "../app-env.ts";
import { reply } from "../respond.ts";
import { validate } from "../validate.ts";

const GrantableRole = z.enum(ROLES);
export const InvitationInput = z.object({ email: z.string().trim().email().max(254), role: GrantableRole });
export const ApiKeyInput = z.object({
  name: z.string().trim().min(1).max(100),
  role: GrantableRole,
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

interface Deps {
  auth: Auth;
  db: Db;
  mailer: Mailer;
  appUrl: string;
  config: AuthConfig;
}

function sessionUser(userId: string | null): string {
  if (!userId) throw new AppError("forbidden", "sign in to manage members and API keys (API keys cannot)");
  return userId;
}

function grantable(granter: WorkspaceRole, role: WorkspaceRole) {
  if (!mayGrant(granter, role)) throw new AppError("forbidden", `a ${granter} cannot grant the role ${role}`);
}

/** First-run status, the caller and their workspaces, invitations (with links) and API keys. */
export function workspaceRoutes(deps: Deps) {
  const repo = new WorkspacesRepo(deps.db);
  return new Hono<AppEnv>()
    .get("/api/setup", async (c) => {
      return reply(c, SetupStatus, {
        needsOwner: (await repo.userCount()) === 0,
        signup: deps.config.signup,
        google: Boolean(deps.config.google),
        passwordMinLength: deps.config.passwordMinLength,
      });
    })
    .get("/api/me", async (c) => {
      const workspaceId = c.get("workspaceId");
      const role = c.get("role");
      const userId = c.get("userId");
      const user = userId ? await repo.user(userId) : undefined;
      const memberships = userId ? await repo.memberships(userId) : [];
      const workspace = await repo.workspace(workspaceId);
      return reply(c, Me, {
        user: user ?? null,
        via: c.get("principalKind"),
        workspace: workspace ?? { id: workspaceId, name: "" },
        role,
        permissions: permissionsOf(role),
        workspaces: memberships,
      });
    })
    .get("/api/invitations", async (c) => {
      const rows = await repo.pendingInvitations(c.get("workspaceId"));
      return reply(c, InvitationList, {
        invitations: rows.map((r) => ({
          id: r.id,
          email: r.email,
          role: r.role,
          expiresAt: r.expiresAt.toISOString(),
          link: deps.mailer.enabled ? null : invitationLink(deps.appUrl, r.id),
        })),
      });
    })
    .post("/api/invitations", validate("json", InvitationInput), async (c) => {
      sessionUser(c.get("userId"));
      const { email, role } = c.req.valid("json");
      grantable(c.get("role"), role);
      const invitation = await deps.auth.api.createInvitation({
        headers: c.req.raw.headers,
        body: { email, role, organizationId: c.get("workspaceId") },
      });
      return reply(
        c,
        CreatedInvitation,
        {
          id: invitation.id,
          email: invitation.email,
          role: invitation.role,
          expiresAt: invitation.expiresAt.toISOString(),
          mailed: deps.mailer.enabled,
          link: deps.mailer.enabled ? null : invitationLink(deps.appUrl, invitation.id),
        },
        201,
      );
    })
    .get("/api/api-keys", async (c) => {
      const rows = await repo.apiKeys(c.get("workspaceId"));
      return reply(c, ApiKeyList, { apiKeys: rows.map(keyView) });
    })
    .post("/api/api-keys", validate("json", ApiKeyInput), async (c) => {
      const userId = sessionUser(c.get("userId"));
      const { name, role, expiresInDays } = c.req.valid("json");
      grantable(c.get("role"), role);
      const created = await deps.auth.api.createApiKey({
        body: {
          name,
          userId,
          organizationId: c.get("workspaceId"),
          prefix: API_KEY_PREFIX,
          metadata: { role },
          ...(expiresInDays ? { expiresIn: expiresInDays * 86_400 } : {}),
        },
      });
      // The only time the key is shown: only its hash is stored.
      return reply(
        c,
        CreatedApiKey,
        {
          id: created.id,
          name: created.name,
          role,
          key: created.key,
          start: created.start,
          expiresAt: created.expiresAt?.toISOString() ?? null,
        },
        201,
      );
    })
    .delete(
      "/api/api-keys/:id",
      validate("param", z.object({ id: z.string().min(1).max(100) })),
      async (c) => {
        const deleted = await repo.deleteApiKey(c.get("workspaceId"), c.req.valid("param").id);
        if (!deleted) throw new AppError("not_found", "API key not found");
        return c.body(null, 204);
      },
    );
}

function keyView(row: ApiKeyRow): ApiKeyView {
  let role: unknown = null;
  try {
    role = row.metadata ? ((JSON.parse(row.metadata) as { role?: unknown }).role ?? null) : null;
  } catch {
    role = null;
  }
  return {
    id: row.id,
    name: row.name,
    role: isRole(role) ? role : null,
    masked: `${row.start ?? row.prefix ?? ""}…`,
    enabled: row.enabled ?? true,
    lastUsedAt: row.lastRequest?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
