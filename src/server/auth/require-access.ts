import { and, asc, eq } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { can, isRole, type WorkspaceRole } from "../../shared/permissions.ts";
import type { Db } from "../db/database.ts";
import { workspaceMembers } from "../db/schema/index.ts";
import { AppError } from "../errors.ts";
import type { AppEnv } from "../http/app-env.ts";
import type { Auth } from "./auth.ts";
import { isPublicApiPath, ruleFor } from "./permissions.ts";

export interface Principal {
  kind: "session" | "api-key";
  /** null for an API key (it belongs to the workspace, not a person). */
  userId: string | null;
  workspaceId: string;
  role: WorkspaceRole;
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Who is calling, in which workspace, with which role — from the session cookie or an
 * `Authorization: Bearer` API key — then the permission the route needs (permissions.ts).
 * No credentials → 401; a role without the permission → 403; a path no rule covers → 404.
 * Cookie-authenticated writes must come from our own origin (CSRF).
 */
export function requireAccess(deps: { auth: Auth; db: Db; appUrl: string }): MiddlewareHandler<AppEnv> {
  const appOrigin = new URL(deps.appUrl).origin;
  return async (c, next) => {
    const path = c.req.path;
    if (isPublicApiPath(path)) return next();
    const principal = await resolvePrincipal(deps, c.req.raw.headers);
    if (!principal) throw new AppError("unauthorized", "sign in or send an API key (Authorization: Bearer)");
    if (principal.kind === "session" && UNSAFE.has(c.req.method)) {
      const origin = c.req.header("origin");
      const sameSite = c.req.header("sec-fetch-site") === "same-origin";
      if (origin ? origin !== appOrigin : !sameSite) {
        throw new AppError("forbidden", "cross-site request refused (Origin must be this site)");
      }
    }
    const rule = ruleFor(c.req.method, path);
    if (!rule) throw new AppError("not_found", "no such API route");
    if (!can(principal.role, rule.permission)) {
      throw new AppError("forbidden", `your role (${principal.role}) may not do this (${rule.permission})`);
    }
    c.set("workspaceId", principal.workspaceId);
    c.set("role", principal.role);
    c.set("userId", principal.userId);
    c.set("principalKind", principal.kind);
    await next();
  };
}

export async function resolvePrincipal(
  deps: { auth: Auth; db: Db },
  headers: Headers,
): Promise<Principal | undefined> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const key = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    if (!key) return undefined;
    const result = await deps.auth.api.verifyApiKey({ body: { key } }).catch(() => undefined);
    if (!result?.valid || !result.key) return undefined;
    const role = (result.key.metadata as { role?: unknown } | null)?.role;
    if (!isRole(role)) return undefined;
    return { kind: "api-key", userId: null, workspaceId: result.key.referenceId, role };
  }
  if (!headers.get("cookie")) return undefined;
  const session = await deps.auth.api.getSession({ headers }).catch(() => null);
  if (!session) return undefined;
  const userId = session.user.id;
  const active = (session.session as { activeOrganizationId?: string | null }).activeOrganizationId;
  const membership = await membershipOf(deps.db, userId, active ?? undefined);
  if (!membership || !isRole(membership.role)) return undefined;
  return { kind: "session", userId, workspaceId: membership.organizationId, role: membership.role };
}

/** The member row in the active workspace, or (none active / no longer a member) the first one. */
async function membershipOf(db: Db, userId: string, workspaceId: string | undefined) {
  if (workspaceId) {
    const [row] = await db
      .select()
      .from(workspaceMembers)
      .where(and(eq(workspaceMembers.userId, userId), eq(workspaceMembers.organizationId, workspaceId)))
      .limit(1);
    if (row) return row;
  }
  const [first] = await db
    .select()
    .from(workspaceMembers)
    .where(eq(workspaceMembers.userId, userId))
    .orderBy(asc(workspaceMembers.createdAt))
    .limit(1);
  return first;
}
