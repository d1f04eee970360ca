import { z } from "zod";
import {
  AcceptedInvitation,
  CurrentSession,
  Done,
  Member,
  MemberList,
  Organization,
  SessionList,
  SignedIn,
  SocialSignIn,
  StatusDone,
} from "../../shared/api/auth.ts";
import { DemoEffects, DemoEnqueued } from "../../shared/api/demo.ts";
import { ApiError } from "../../shared/api/errors.ts";
import { type Operation, ok } from "./openapi-operation.ts";

/**
 * Routes described apart from the main table: better-auth's own endpoints (mounted under a
 * wildcard, so outside the route-equality test) and operator tooling that exists only when
 * switched on.
 */
const AUTH: [Operation["method"], string, string, z.ZodType][] = [
  [
    "post",
    "/api/auth/sign-up/email",
    "Create an account {email,password,name,invitationId?} (sets the session cookie; with SIGNUP=invite the invitation's id is required once an owner exists)",
    SignedIn,
  ],
  [
    "post",
    "/api/auth/sign-in/email",
    "Sign in {email,password} (rate-limited per IP and per email)",
    SignedIn,
  ],
  [
    "post",
    "/api/auth/sign-in/social",
    'Google sign-in: {provider:"google",callbackURL} → the redirect URL',
    SocialSignIn,
  ],
  ["post", "/api/auth/sign-out", "Sign out", Done],
  ["get", "/api/auth/get-session", "The current session (null when signed out)", CurrentSession],
  ["get", "/api/auth/list-sessions", "The caller's sessions", SessionList],
  ["post", "/api/auth/revoke-session", "Revoke one session {token}", StatusDone],
  ["post", "/api/auth/revoke-other-sessions", "Revoke every other session", StatusDone],
  ["post", "/api/auth/organization/set-active", "Switch workspace {organizationId}", Organization.nullable()],
  ["get", "/api/auth/organization/list", "The caller's workspaces", z.array(Organization)],
  ["post", "/api/auth/organization/create", "Create another workspace {name,slug}", Organization],
  ["get", "/api/auth/organization/list-members", "The workspace's members {organizationId}", MemberList],
  [
    "post",
    "/api/auth/organization/accept-invitation",
    "Accept an invitation {invitationId}",
    AcceptedInvitation,
  ],
  [
    "post",
    "/api/auth/organization/cancel-invitation",
    "Cancel an invitation {invitationId}",
    z.looseObject({ id: z.string(), status: z.string() }),
  ],
  ["post", "/api/auth/organization/update-member-role", "Change a member's role {memberId,role}", Member],
  [
    "post",
    "/api/auth/organization/remove-member",
    "Remove a member {memberIdOrEmail}",
    z.looseObject({ member: Member }),
  ],
];

export const AUTH_OPERATIONS: Operation[] = [
  ...AUTH.map(([method, path, summary, schema]) => ({
    method,
    path,
    summary,
    tag: "auth",
    responses: { 200: ok("OK", schema), 401: ok("Not signed in", ApiError) },
  })),
  {
    method: "get",
    path: "/api/auth/callback/{provider}",
    summary: "Where Google returns (state checked, code exchanged)",
    tag: "auth",
    responses: { 302: ok("To the dashboard, signed in") },
  },
];

/** Operator-only tooling, documented separately because it exists only with DEMO_JOBS_API=on. */
export const OPTIONAL_OPERATIONS: Operation[] = [
  {
    method: "post",
    path: "/api/demo/jobs",
    summary: "Enqueue demo jobs",
    tag: "demo",
    responses: { 202: ok("Enqueued", DemoEnqueued) },
  },
  {
    method: "get",
    path: "/api/demo/effects",
    summary: "What the demo jobs recorded",
    tag: "demo",
    responses: { 200: ok("Counts", DemoEffects) },
  },
];
