import { z } from "zod";
import { Automation, AutomationInput } from "../../shared/automation.ts";
import { ApiError, HealthResponse } from "../../shared/health.ts";
import { InstagramAccountView } from "../../shared/instagram-account.ts";
import { ActivityFilter } from "../activity/activity-query.ts";
import { StatsQuery } from "../activity/workspace-stats.ts";
import { AI_OPERATIONS } from "./openapi-ai-operations.ts";
import { INBOX_OPERATIONS } from "./openapi-inbox-operations.ts";
import { LEAD_OPERATIONS } from "./openapi-lead-operations.ts";
import { type Operation, ok } from "./openapi-operation.ts";
import { WORKSPACE_OPERATIONS } from "./openapi-workspace-operations.ts";
import { AutomationTemplate, FromTemplateInput } from "./routes/automation-templates.ts";
import { MediaView } from "./routes/instagram-media.ts";

const AutomationWithCounters = z.intersection(
  Automation,
  z.object({
    counters: z.object({
      runs: z.number(),
      succeeded: z.number(),
      failed: z.number(),
      misses: z.number(),
      dms: z.number(),
      comments: z.number(),
      lastActivityAt: z.string().nullable(),
    }),
  }),
);
const ActivityItem = z.object({
  id: z.number(),
  automationId: z.string().nullable(),
  accountId: z.string(),
  personId: z.string(),
  personUsername: z.string().nullable(),
  trigger: z.string(),
  incomingText: z.string().nullable(),
  responseText: z.string().nullable(),
  status: z.enum(["success", "failed", "pending", "skipped"]),
  reason: z.string().nullable(),
  metaErrorCode: z.number().nullable(),
  metaErrorSubcode: z.number().nullable(),
  metaErrorMessage: z.string().nullable(),
  latencyMs: z.number().nullable(),
  createdAt: z.string(),
});

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
    responses: { 200: { description: "Prometheus text format", contentType: "text/plain" } },
  },
  {
    method: "get",
    path: "/api/openapi.json",
    summary: "This document",
    tag: "operations",
    responses: { 200: ok("OpenAPI 3.1") },
  },
  {
    method: "get",
    path: "/webhooks/instagram",
    summary: "Meta's subscription check (hub.challenge)",
    tag: "webhooks",
    responses: {
      200: { description: "The challenge", contentType: "text/plain" },
      403: ok("Wrong verify token"),
    },
  },
  {
    method: "post",
    path: "/webhooks/instagram",
    summary: "Meta's signed webhook deliveries",
    tag: "webhooks",
    responses: {
      200: { description: "EVENT_RECEIVED", contentType: "text/plain" },
      400: ok("Not JSON", ApiError),
      401: ok("Missing or wrong X-Hub-Signature-256", ApiError),
      413: ok("Over 1 MB", ApiError),
    },
  },
  {
    method: "get",
    path: "/api/instagram/connect/options",
    summary: "Which login paths this server offers",
    tag: "accounts",
    responses: {
      200: ok("Flags", z.object({ instagram: z.boolean(), facebook: z.boolean(), sandbox: z.boolean() })),
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
      200: { description: "Result page", contentType: "text/html" },
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
      200: { description: "Result page", contentType: "text/html" },
      403: ok("Expired or another browser", ApiError),
    },
  },
  {
    method: "get",
    path: "/api/instagram/accounts",
    summary: "Connected accounts (tokens masked)",
    tag: "accounts",
    responses: { 200: ok("Accounts", z.object({ accounts: z.array(InstagramAccountView) })) },
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
    responses: { 200: ok("List", z.object({ automations: z.array(AutomationWithCounters) })) },
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
      200: ok("A page", z.object({ items: z.array(ActivityItem), nextCursor: z.number().nullable() })),
      400: ok("Bad filter", ApiError),
    },
  },
  {
    method: "get",
    path: "/api/activity/stream",
    summary: "Server-Sent Events: activity rows as they are created or change",
    tag: "activity",
    query: ActivityFilter.omit({ cursor: true, limit: true }),
    responses: { 200: { description: "event: activity, data: a row", contentType: "text/event-stream" } },
  },
  {
    method: "get",
    path: "/api/instagram/accounts/{id}/media",
    summary:
      "The account's posts and reels, then its current stories, read from Instagram (for choosing them in an automation)",
    tag: "accounts",
    responses: {
      200: ok("Media", z.object({ media: z.array(MediaView) })),
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
      202: ok(
        "Queued again",
        z.object({ retried: z.enum(["event", "dead_letter"]), activityId: z.number() }),
      ),
      404: ok("No such row", ApiError),
      409: ok("Not retryable (in progress, or refused by Instagram for good)", ApiError),
    },
  },
  {
    method: "get",
    path: "/api/automation-templates",
    summary: "Ready-made automations to start from",
    tag: "automations",
    responses: { 200: ok("Templates", z.object({ templates: z.array(AutomationTemplate) })) },
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
    responses: { 200: ok("Stats of the workspace"), 400: ok("Invalid query", ApiError) },
  },
  {
    method: "get",
    path: "/api/onboarding",
    summary: "The onboarding checklist from real state, and the onboarding videos",
    tag: "onboarding",
    responses: { 200: ok("Checklist") },
  },
  {
    method: "get",
    path: "/api/setup-guide",
    summary: "What to paste into a Meta app: webhook URL, verify token, redirect URIs, scopes",
    tag: "onboarding",
    responses: { 200: ok("Setup values (never the app secret)") },
  },
  {
    method: "get",
    path: "/api/jobs/dead-letters",
    summary: "The workspace's jobs that failed their last attempt (processPerson or resumeRun)",
    tag: "operations",
    query: z.object({
      job: z.enum(["processPerson", "resumeRun", "dmSend"]).optional(),
      limit: z.number().optional(),
    }),
    responses: { 200: ok("Dead letters") },
  },
  {
    method: "post",
    path: "/api/jobs/dead-letters/{job}/{id}/retry",
    summary: "Retry a dead letter with fresh attempts",
    tag: "operations",
    responses: { 202: ok("Queued"), 404: ok("No such dead letter", ApiError) },
  },
  // Sign-in status, the caller, invitations and API keys; AI replies (their own files).
  ...WORKSPACE_OPERATIONS,
  ...AI_OPERATIONS,
  ...LEAD_OPERATIONS,
  ...INBOX_OPERATIONS,
];
