import { z } from "zod";
import { RoleName } from "./workspaces.ts";

/** A pending invitation to the workspace. */
export const Invitation = z.object({
  id: z.string(),
  email: z.string(),
  /** null only for an invitation made outside autodm's API without a role. */
  role: RoleName.nullable(),
  expiresAt: z.string(),
  /** The link to accept it; null when the server mails invitations (SMTP configured). */
  link: z.string().nullable(),
});
export type Invitation = z.infer<typeof Invitation>;

/** GET /api/invitations */
export const InvitationList = z.object({ invitations: z.array(Invitation) });
export type InvitationList = z.infer<typeof InvitationList>;

/** POST /api/invitations */
export const CreatedInvitation = Invitation.extend({ mailed: z.boolean() });
export type CreatedInvitation = z.infer<typeof CreatedInvitation>;
