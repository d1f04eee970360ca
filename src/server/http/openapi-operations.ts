import { z } from "zod";
import { AccountList, ConnectOptions, InstagramAccountView, MediaList } from "../../shared/api/accounts.ts";
import {
  ActivityPage,
  ActivityRetried,
  DeadLetterList,
  DeadLetterRetried,
  WorkspaceDeadLetterJob,
} from "../../shared/api/activity.ts";
import {
  Automation,
  AutomationList,
  AutomationWithCounters,
  TemplateList,
} from "../../shared/api/automations.ts";
import { ApiError } from "../../shared/api/errors.ts";
import { HealthResponse, OpenApiDocument } from "../../shared/api/health.ts";
import { Onboarding, SetupGuide } from "../../shared/api/setup.ts";
import { Stats } from "../../shared/api/stats.ts";
import { AutomationInput } from "../../shared/automation.ts";
import { ActivityFilter } from "../activity/activity-query.ts";
import { StatsQuery } from "../activity/workspace-stats.ts";
import { AI_OPERATIONS } from "./openapi-ai-operations.ts";
import { COMPLIANCE_OPERATIONS } from "./openapi-compliance-operations.ts";
import { INBOX_OPERATIONS } from "./openapi-inbox-operations.ts";
import { LEAD_OPERATIONS } from "./openapi-lead-operations.ts";
import { type Operation, ok, text } from "./openapi-operation.ts";
import { WORKSPACE_OPERATIONS } from "./openapi-workspace-operations.ts";
import { FromTemplateInput } from "./routes/automation-templates.ts";

/**
 * Every route of the REST API, described with the same zod schemas the routes validate with.
 * openapi.int.test.ts fails when a route exists that is not listed here (or the reverse).
 */
export const OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/health",
    summary: "Liveness and dependencies",
    tag: "operations",
    responses: { 200: ok("Up", HealthResponse), 503: ok("A dependency is down", HealthResponse) },
  },
  {
    method: "get",
    path: "/metrics",
    summary: "Prometheus metrics",
    tag: "operations",
    responses: { 200: text("Prometheus text format", "text/plain") },
  },
  {
    method: "get",
    path: "/api/openapi.json",
    summary: "This document",
    tag: "operations",
    responses: { 200: ok("OpenAPI 3.1", OpenApiDocument) },
  },
  {
    method: "get",
    path: "/webhooks/instagram",
    summary: "Meta's subscription check (hub.challenge)",
    tag: "webhooks",
    responses: {
      200: text("The challenge", "text/plain"),
      403: text("Wrong verify token", "text/plain"),
    },
  },
  {
    method: "post",
    path: "/webhooks/instagram",
    summary: "Meta's signed webhook deliveries",
    tag: "webhooks",
    responses: {
      200: text("EVENT_RECEIVED", "text/plain"),
      400: ok("Not JSON", ApiError),
      401: ok("Missing or wrong X-Hub-Signature-256", ApiError),
      413: ok("Over 1 MB", ApiError),
      503: ok("PostgreSQL or Redis unreachable: not accepted, Meta retries (Retry-After)", ApiError),
    },
  },
  {
    method: "get",
    path: "/api/instagram/connect/options",
    summary: "Which login paths this server offers",
    tag: "accounts",
    responses: {
      200: ok("Flags", ConnectOptions),
    },
  },
  {
    method: "get",
    path: "/api/instagram/connect/{method}/start",
    summary: "Start Instagram Login, Facebook Login or the sandbox's login (redirects to the dialog)",
    tag: "accounts",
    query: z.object({ returnTo: z.string().optional() }),
    responses: { 302: ok("To Meta's dialog"), 503: ok("Not configured", ApiError) },
  },
  {
    method: "get",
    path: "/api/instagram/connect/{method}/callback",
    summary: "Where Meta's dialog returns",
    tag: "accounts",
    responses: {
      200: text("Result page", "text/html"),
      403: ok("State unknown, used or from another browser", ApiError),
    },
  },
  {
    method: "post",
    path: "/api/instagram/connect/facebook/choose",
    summary: "Facebook Login: the Page to connect",
    tag: "accounts",
    bodyType: "form",
    body: z.object({ state: z.string(), pageId: z.string() }),
    responses: {
      200: text("Result page", "text/html"),
      403: ok("Expired or another browser", ApiError),
    },
  },
  {
    method: "get",
    path: "/api/instagram/accounts",
    summary: "Connected accounts (tokens masked)",
    tag: "accounts",
    responses: { 200: ok("Accounts", AccountList) },
  },
  {
    method: "get",
    path: "/api/instagram/accounts/{id}",
    summary: "One connected account",
    tag: "accounts",
    responses: { 200: ok("Account", InstagramAccountView), 404: ok("Not in this workspace", ApiError) },
  },
  {
    method: "delete",
    path: "/api/instagram/accounts/{id}",
    summary: "Disconnect: unsubscribe webhooks and delete the token",
    tag: "accounts",
    responses: { 204: ok("Disconnected"), 404: ok("Not in this workspace", ApiError) },
  },
  {
    method: "get",
    path: "/api/automations",
    summary: "Automations with their counters",
    tag: "automations",
    responses: { 200: ok("List", AutomationList) },
  },
  {
    method: "post",
    path: "/api/automations",
    summary: "Create an automation",
    tag: "automations",
    body: AutomationInput,
    responses: { 201: ok("Created", Automation), 400: ok("Invalid", ApiError) },
  },
  {
    method: "get",
    path: "/api/automations/{id}",
    summary: "One automation with its counters",
    tag: "automations",
    responses: { 200: ok("Automation", AutomationWithCounters), 404: ok("Not found", ApiError) },
  },
  {
    method: "put",
    path: "/api/automations/{id}",
    summary: "Replace an automation",
    tag: "automations",
    body: AutomationInput,
    responses: { 200: ok("Saved", Automation), 400: ok("Invalid", ApiError), 404: ok("Not found", ApiError) },
  },
  {
    method: "patch",
    path: "/api/automations/{id}",
    summary: "Rename, enable or disable",
    tag: "automations",
    body: z.object({ name: z.string().optional(), enabled: z.boolean().optional() }),
    responses: { 200: ok("Saved", Automation), 404: ok("Not found", ApiError) },
  },
  {
    method: "post",
    path: "/api/automations/{id}/enable",
    summary: "Enable",
    tag: "automations",
    responses: { 200: ok("Enabled", Automation), 404: ok("Not found", ApiError) },
  },
  {
    method: "post",
    path: "/api/automations/{id}/disable",
    summary: "Disable",
    tag: "automations",
    responses: { 200: ok("Disabled", Automation), 404: ok("Not found", ApiError) },
  },
  {
    method: "post",
    path: "/api/automations/{id}/duplicate",
    summary: "Copy (disabled)",
    tag: "automations",
    responses: { 201: ok("The copy", Automation), 404: ok("Not found", ApiError) },
  },
  {
    method: "delete",
    path: "/api/automations/{id}",
    summary: "Delete",
    tag: "automations",
    responses: { 204: ok("Deleted"), 404: ok("Not found", ApiError) },
  },
  {
    method: "get",
    path: "/api/activity",
    summary: "The activity log, newest first, cursor-paged",
    tag: "activity",
    query: ActivityFilter,
    responses: {
      200: ok("A page", ActivityPage),
      400: ok("Bad filter", ApiError),
    },
  },
  {
    method: "get",
    path: "/api/activity/stream",
    summary: "Server-Sent Events: activity rows as they are created or change",
    tag: "activity",
    query: ActivityFilter.omit({ cursor: true, limit: true }),
    responses: {
      200: text(
        "event: activity, data: an activity row (the items of GET /api/activity)",
        "text/event-stream",
      ),
    },
  },
  {
    method: "get",
    path: "/api/instagram/accounts/{id}/media",
    summary:
      "The account's posts and reels, then its current stories, read from Instagram (for choosing them in an automation)",
    tag: "accounts",
    responses: {
      200: ok("Media", MediaList),
      404: ok("No such account", ApiError),
      503: ok("Instagram did not answer", ApiError),
    },
  },
  {
    method: "post",
    path: "/api/activity/{id}/retry",
    summary: "Retry a row's work: an event set aside after its last try, or its dead-lettered job",
    tag: "activity",
    responses: {
      202: ok("Queued again", ActivityRetried),
      404: ok("No such row", ApiError),
      409: ok("Not retryable (in progress, or refused by Instagram for good)", ApiError),
    },
  },
  {
    method: "get",
    path: "/api/automation-templates",
    summary: "Ready-made automations to start from",
    tag: "automations",
    responses: { 200: ok("Templates", TemplateList) },
  },
  {
    method: "post",
    path: "/api/automation-templates/{id}",
    summary: "Create an automation from a template",
    tag: "automations",
    body: FromTemplateInput,
    responses: {
      201: ok("Created", Automation),
      400: ok("Invalid input", ApiError),
      404: ok("No such template", ApiError),
    },
  },
  {
    method: "get",
    path: "/api/stats",
    summary: "Messages sent / failed / pending, success rate, per day and top automations",
    tag: "stats",
    query: StatsQuery,
    responses: { 200: ok("Stats of the workspace", Stats), 400: ok("Invalid query", ApiError) },
  },
  {
    method: "get",
    path: "/api/onboarding",
    summary: "The onboarding checklist from real state, and the onboarding videos",
    tag: "onboarding",
    responses: { 200: ok("Checklist", Onboarding) },
  },
  {
    method: "get",
    path: "/api/setup-guide",
    summary: "What to paste into a Meta app: webhook URL, verify token, redirect URIs, scopes",
    tag: "onboarding",
    responses: { 200: ok("Setup values (never the app secret)", SetupGuide) },
  },
  {
    method: "get",
    path: "/api/jobs/dead-letters",
    summary: "The workspace's jobs of one kind (processPerson by default) that failed their last attempt",
    tag: "operations",
    query: z.object({
      job: WorkspaceDeadLetterJob.optional(),
      limit: z.number().optional(),
    }),
    responses: { 200: ok("Dead letters", DeadLetterList) },
  },
  {
    method: "post",
    path: "/api/jobs/dead-letters/{job}/{id}/retry",
    summary: "Retry a dead letter with fresh attempts",
    tag: "operations",
    responses: { 202: ok("Queued", DeadLetterRetried), 404: ok("No such dead letter", ApiError) },
  },
  // Sign-in status, the caller, invitations and API keys; AI replies (their own files).
  ...WORKSPACE_OPERATIONS,
  ...AI_OPERATIONS,
  ...LEAD_OPERATIONS,
  ...INBOX_OPERATIONS,
  ...COMPLIANCE_OPERATIONS,
];
