import { ApiKeyList, CreatedApiKey } from "../../shared/api/api-keys.ts";
import { ApiError } from "../../shared/api/errors.ts";
import { CreatedInvitation, InvitationList } from "../../shared/api/members.ts";
import { SetupStatus } from "../../shared/api/setup.ts";
import { Me } from "../../shared/api/workspaces.ts";
import { type Operation, ok } from "./openapi-operation.ts";
import { ApiKeyInput, InvitationInput } from "./routes/workspaces.ts";

/** Sign-in status, the caller, invitations and API keys (routes/workspaces.ts). */
export const WORKSPACE_OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/setup",
    summary: "First run: whether the owner account must still be created; sign-up mode (no auth)",
    tag: "auth",
    responses: { 200: ok("Status", SetupStatus) },
  },
  {
    method: "get",
    path: "/api/me",
    summary: "The caller: user, active workspace, role, permissions, workspaces",
    tag: "auth",
    responses: { 200: ok("Caller", Me), 401: ok("Not signed in", ApiError) },
  },
  {
    method: "get",
    path: "/api/invitations",
    summary: "Pending invitations (with their links when no mail is configured)",
    tag: "auth",
    responses: { 200: ok("Invitations", InvitationList), 403: ok("Needs admin", ApiError) },
  },
  {
    method: "post",
    path: "/api/invitations",
    summary: "Invite someone by email with a role (mailed with SMTP_URL, else the link is returned)",
    tag: "auth",
    body: InvitationInput,
    responses: { 201: ok("Invitation", CreatedInvitation), 403: ok("Needs admin", ApiError) },
  },
  {
    method: "get",
    path: "/api/api-keys",
    summary: "The workspace's API keys (masked, with last use)",
    tag: "auth",
    responses: { 200: ok("API keys", ApiKeyList), 403: ok("Needs admin", ApiError) },
  },
  {
    method: "post",
    path: "/api/api-keys",
    summary: "Create an API key with a role; the key is shown only in this answer",
    tag: "auth",
    body: ApiKeyInput,
    responses: { 201: ok("The key", CreatedApiKey), 403: ok("Needs admin", ApiError) },
  },
  {
    method: "delete",
    path: "/api/api-keys/{id}",
    summary: "Revoke an API key",
    tag: "auth",
    responses: { 204: ok("Revoked"), 404: ok("Not in this workspace", ApiError) },
  },
];
