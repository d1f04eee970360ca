import { z } from "zod";
import { RoleName } from "./workspaces.ts";

/**
 * better-auth's answers at /api/auth/*, as far as autodm and its dashboard read them. They are
 * the library's, so their objects stay open (loose): a field it adds is not drift. Tests check
 * its real answers against these (http/respond.ts).
 */

export const AuthUser = z.looseObject({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  image: z.string().nullish(),
});
export type AuthUser = z.infer<typeof AuthUser>;

export const AuthSession = z.looseObject({
  id: z.string(),
  token: z.string(),
  userId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string(),
  ipAddress: z.string().nullish(),
  userAgent: z.string().nullish(),
});
export type AuthSession = z.infer<typeof AuthSession>;

/** POST /api/auth/sign-up/email and sign-in/email (the session is in the cookie). */
export const SignedIn = z.looseObject({ token: z.string().nullable(), user: AuthUser });

/** POST /api/auth/sign-in/social: where to send the browser. */
export const SocialSignIn = z.looseObject({ url: z.string(), redirect: z.boolean() });
export type SocialSignIn = z.infer<typeof SocialSignIn>;

/** GET /api/auth/get-session: null when signed out. */
export const CurrentSession = z.object({ session: AuthSession, user: AuthUser }).loose().nullable();
export type CurrentSession = z.infer<typeof CurrentSession>;

/** GET /api/auth/list-sessions */
export const SessionList = z.array(AuthSession);

export const Done = z.looseObject({ success: z.boolean() });
export const StatusDone = z.looseObject({ status: z.boolean() });

export const Organization = z.looseObject({ id: z.string(), name: z.string(), slug: z.string() });

export const Member = z.looseObject({
  id: z.string(),
  userId: z.string(),
  organizationId: z.string(),
  role: RoleName,
  createdAt: z.string(),
});

/** GET /api/auth/organization/list-members */
export const MemberList = z.looseObject({
  members: z.array(Member.extend({ user: AuthUser })),
  total: z.number(),
});
export type MemberList = z.infer<typeof MemberList>;
export type MemberView = MemberList["members"][number];

/** POST /api/auth/organization/accept-invitation */
export const AcceptedInvitation = z.looseObject({
  invitation: z.looseObject({ id: z.string(), organizationId: z.string() }),
  member: Member,
});
export type AcceptedInvitation = z.infer<typeof AcceptedInvitation>;
