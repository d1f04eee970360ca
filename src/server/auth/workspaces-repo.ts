import { and, asc, count, desc, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import {
  apiKeys,
  authUsers,
  workspaceInvitations,
  workspaceMembers,
  workspaces,
} from "../db/schema/index.ts";

export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** Reads of better-auth's tables for the workspace routes (better-auth itself writes them). */
export class WorkspacesRepo {
  constructor(private readonly db: Db) {}

  /** How many users exist: zero means a fresh install that needs its owner. */
  async userCount(): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(authUsers);
    return row?.n ?? 0;
  }

  async user(userId: string) {
    const [user] = await this.db
      .select({ id: authUsers.id, name: authUsers.name, email: authUsers.email, image: authUsers.image })
      .from(authUsers)
      .where(eq(authUsers.id, userId));
    return user;
  }

  /** The user's workspaces with their role there, oldest membership first. */
  memberships(userId: string) {
    return this.db
      .select({ id: workspaces.id, name: workspaces.name, role: workspaceMembers.role })
      .from(workspaceMembers)
      .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.organizationId))
      .where(eq(workspaceMembers.userId, userId))
      .orderBy(asc(workspaceMembers.createdAt));
  }

  async workspace(workspaceId: string) {
    const [workspace] = await this.db
      .select({ id: workspaces.id, name: workspaces.name })
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId));
    return workspace;
  }

  pendingInvitations(workspaceId: string, now = new Date()) {
    return this.db
      .select()
      .from(workspaceInvitations)
      .where(
        and(
          eq(workspaceInvitations.organizationId, workspaceId),
          eq(workspaceInvitations.status, "pending"),
          gt(workspaceInvitations.expiresAt, now),
        ),
      )
      .orderBy(desc(workspaceInvitations.createdAt));
  }

  apiKeys(workspaceId: string): Promise<ApiKeyRow[]> {
    return this.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.referenceId, workspaceId))
      .orderBy(desc(apiKeys.createdAt));
  }

  /** False when the key is not this workspace's (or does not exist). */
  async deleteApiKey(workspaceId: string, id: string): Promise<boolean> {
    const deleted = await this.db
      .delete(apiKeys)
      .where(and(eq(apiKeys.id, id), eq(apiKeys.referenceId, workspaceId)))
      .returning({ id: apiKeys.id });
    return deleted.length > 0;
  }

  /** The addresses of the workspace's owners and admins: who is told when an account needs them. */
  async managerEmails(workspaceId: string): Promise<string[]> {
    const rows = await this.db
      .select({ email: authUsers.email })
      .from(workspaceMembers)
      .innerJoin(authUsers, eq(authUsers.id, workspaceMembers.userId))
      .where(
        and(
          eq(workspaceMembers.organizationId, workspaceId),
          inArray(workspaceMembers.role, ["owner", "admin"]),
        ),
      );
    return rows.map((r) => r.email);
  }
}
