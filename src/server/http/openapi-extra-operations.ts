import { ApiError } from "../../shared/health.ts";
import { type Operation, ok } from "./openapi-operation.ts";

/**
 * Routes described apart from the main table: better-auth's own endpoints (mounted under a
 * wildcard, so outside the route-equality test) and operator tooling that exists only when
 * switched on.
 */
export const AUTH_OPERATIONS: Operation[] = [
  ["post", "/api/auth/sign-up/email", "Create an account {email,password,name} (sets the session cookie)"],
  ["post", "/api/auth/sign-in/email", "Sign in {email,password} (rate-limited per IP and per email)"],
  ["post", "/api/auth/sign-in/social", 'Google sign-in: {provider:"google",callbackURL} → the redirect URL'],
  ["get", "/api/auth/callback/{provider}", "Where Google returns (state checked, code exchanged)"],
  ["post", "/api/auth/sign-out", "Sign out"],
  ["get", "/api/auth/get-session", "The current session"],
  ["get", "/api/auth/list-sessions", "The caller's sessions"],
  ["post", "/api/auth/revoke-session", "Revoke one session {token}"],
  ["post", "/api/auth/revoke-other-sessions", "Revoke every other session"],
  ["post", "/api/auth/organization/set-active", "Switch workspace {organizationId}"],
  ["get", "/api/auth/organization/list", "The caller's workspaces"],
  ["post", "/api/auth/organization/create", "Create another workspace {name,slug}"],
  ["post", "/api/auth/organization/accept-invitation", "Accept an invitation {invitationId}"],
  ["post", "/api/auth/organization/update-member-role", "Change a member's role {memberId,role}"],
  ["post", "/api/auth/organization/remove-member", "Remove a member {memberIdOrEmail}"],
].map(([method, path, summary]) => ({
  method: method as Operation["method"],
  path: path as string,
  summary: summary as string,
  tag: "auth",
  responses: { 200: ok("OK"), 401: ok("Not signed in", ApiError) },
}));

/** Operator-only tooling, documented separately because it exists only with DEMO_JOBS_API=on. */
export const OPTIONAL_OPERATIONS: Operation[] = [
  {
    method: "post",
    path: "/api/demo/jobs",
    summary: "Enqueue demo jobs",
    tag: "demo",
    responses: { 202: ok("Enqueued") },
  },
  {
    method: "get",
    path: "/api/demo/effects",
    summary: "What the demo jobs recorded",
    tag: "demo",
    responses: { 200: ok("Counts") },
  },
];
