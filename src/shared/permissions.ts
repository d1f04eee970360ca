/**
 * The one permission table: which role may do what. Pure data, shared: the server enforces it
 * for every request (src/server/auth/permissions.ts lists the permission each route needs);
 * the dashboard only mirrors it to hide what the role may not do (GET /api/me returns the
 * caller's permissions).
 */

export const ROLES = ["owner", "admin", "editor", "agent", "viewer"] as const;
export type WorkspaceRole = (typeof ROLES)[number];

export const isRole = (value: unknown): value is WorkspaceRole => ROLES.includes(value as WorkspaceRole);

const everyone: readonly WorkspaceRole[] = ROLES;
const readers: readonly WorkspaceRole[] = ["owner", "admin", "editor", "viewer"];
const editors: readonly WorkspaceRole[] = ["owner", "admin", "editor"];
const admins: readonly WorkspaceRole[] = ["owner", "admin"];
const repliers: readonly WorkspaceRole[] = ["owner", "admin", "editor", "agent"];

/** Role → allowed actions, written per action. `agent` is the inbox role: activity only. */
export const PERMISSIONS = {
  "workspace:read": everyone,
  "accounts:read": readers,
  "accounts:connect": editors,
  "accounts:manage": admins,
  "automations:read": readers,
  "automations:write": editors,
  "ai:read": readers,
  "ai:write": editors,
  "ai-keys:manage": admins,
  "activity:read": everyone,
  "leads:read": everyone,
  "leads:write": editors,
  /** Turning a conversation into a lead: the inbox's agents too. */
  "leads:capture": ["owner", "admin", "editor", "agent"],
  "inbox:read": everyone,
  "inbox:reply": repliers,
  "inbox:settings": admins,
  "inbox:templates": editors,
  "dm:send": editors,
  "sandbox:control": editors,
  "members:manage": admins,
  "api-keys:manage": admins,
  "jobs:manage": admins,
  "demo:use": admins,
} as const satisfies Record<string, readonly WorkspaceRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: WorkspaceRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly WorkspaceRole[]).includes(role);
}

export function permissionsOf(role: WorkspaceRole): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}

/** A role may hand out (to members or API keys) only roles at or below its own. */
const RANK: Record<WorkspaceRole, number> = { owner: 4, admin: 3, editor: 2, agent: 1, viewer: 1 };
export function mayGrant(granter: WorkspaceRole, role: WorkspaceRole): boolean {
  if (granter === "owner") return true;
  return RANK[role] < RANK[granter] || (granter === "admin" && role === "admin");
}
