import { createAccessControl } from "better-auth/plugins/access";
import { defaultStatements } from "better-auth/plugins/organization/access";
import { can, type WorkspaceRole } from "../../shared/permissions.ts";

/**
 * better-auth's access control for its own endpoints (members, invitations, API keys),
 * derived from the one permission table so the two never disagree.
 */
const statements = { ...defaultStatements, apiKey: ["create", "read", "update", "delete"] } as const;
export const workspaceAccessControl = createAccessControl(statements);

function roleFor(role: WorkspaceRole) {
  const manage = can(role, "members:manage");
  return workspaceAccessControl.newRole({
    organization: role === "owner" ? ["update", "delete"] : manage ? ["update"] : [],
    member: manage ? ["create", "update", "delete"] : [],
    invitation: manage ? ["create", "cancel"] : [],
    team: [],
    ac: ["read"],
    apiKey: can(role, "api-keys:manage") ? ["create", "read", "update", "delete"] : [],
  });
}

export const workspaceRoles = {
  owner: roleFor("owner"),
  admin: roleFor("admin"),
  editor: roleFor("editor"),
  agent: roleFor("agent"),
  viewer: roleFor("viewer"),
};
