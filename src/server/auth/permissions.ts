import type { Permission } from "../../shared/permissions.ts";

/**
 * Which permission every route needs (the role → permission table itself is shared:
 * src/shared/permissions.ts). require-access.ts enforces it for every request.
 */

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export interface RouteRule {
  method: Method;
  /** Hono's pattern, as registered: /api/automations/:id; `*` matches the rest. */
  path: string;
  permission: Permission;
}

const rule = (method: Method, path: string, permission: Permission): RouteRule => ({
  method,
  path,
  permission,
});

/**
 * Route → required permission. A request under the guarded prefixes that matches no rule is
 * refused (404), so a new route stays closed until it is listed here — and the isolation test
 * (test/isolation.int.test.ts) fails until it is.
 */
export const ROUTE_RULES: readonly RouteRule[] = [
  rule("GET", "/api/me", "workspace:read"),
  rule("GET", "/api/invitations", "members:manage"),
  rule("POST", "/api/invitations", "members:manage"),
  rule("GET", "/api/api-keys", "api-keys:manage"),
  rule("POST", "/api/api-keys", "api-keys:manage"),
  rule("DELETE", "/api/api-keys/:id", "api-keys:manage"),

  rule("GET", "/api/instagram/connect/options", "accounts:read"),
  rule("GET", "/api/instagram/connect/:method/start", "accounts:connect"),
  rule("GET", "/api/instagram/connect/:method/callback", "accounts:connect"),
  rule("POST", "/api/instagram/connect/facebook/choose", "accounts:connect"),
  rule("GET", "/api/instagram/accounts", "accounts:read"),
  rule("GET", "/api/instagram/accounts/:id", "accounts:read"),
  rule("GET", "/api/instagram/accounts/:id/media", "accounts:read"),
  rule("DELETE", "/api/instagram/accounts/:id", "accounts:manage"),

  rule("GET", "/api/automations", "automations:read"),
  rule("POST", "/api/automations", "automations:write"),
  rule("GET", "/api/automations/:id", "automations:read"),
  rule("PUT", "/api/automations/:id", "automations:write"),
  rule("PATCH", "/api/automations/:id", "automations:write"),
  rule("POST", "/api/automations/:id/enable", "automations:write"),
  rule("POST", "/api/automations/:id/disable", "automations:write"),
  rule("POST", "/api/automations/:id/duplicate", "automations:write"),
  rule("DELETE", "/api/automations/:id", "automations:write"),

  rule("GET", "/api/ai-settings/:accountId", "ai:read"),
  rule("PUT", "/api/ai-settings/:accountId", "ai:write"),
  rule("POST", "/api/ai-settings/:accountId/preview", "ai:write"),
  rule("GET", "/api/ai-providers", "ai-keys:manage"),
  rule("PUT", "/api/ai-providers/:provider", "ai-keys:manage"),
  rule("DELETE", "/api/ai-providers/:provider", "ai-keys:manage"),

  rule("GET", "/api/activity", "activity:read"),
  rule("GET", "/api/activity/stream", "activity:read"),

  rule("GET", "/api/leads", "leads:read"),
  rule("GET", "/api/leads/export.csv", "leads:read"),
  rule("POST", "/api/leads", "leads:write"),
  rule("POST", "/api/leads/bulk", "leads:write"),
  rule("POST", "/api/leads/import/preview", "leads:write"),
  rule("POST", "/api/leads/import", "leads:write"),
  rule("POST", "/api/leads/from-contact/:contactId", "leads:capture"),
  rule("GET", "/api/leads/:id", "leads:read"),
  rule("PATCH", "/api/leads/:id", "leads:write"),
  rule("DELETE", "/api/leads/:id", "leads:write"),
  rule("GET", "/api/conversations", "inbox:read"),
  rule("GET", "/api/conversations/stream", "inbox:read"),
  rule("GET", "/api/conversations/:id", "inbox:read"),
  rule("GET", "/api/conversations/:id/messages", "inbox:read"),
  rule("POST", "/api/conversations/:id/messages", "inbox:reply"),
  rule("POST", "/api/conversations/:id/read", "inbox:reply"),
  rule("PATCH", "/api/conversations/:id", "inbox:reply"),
  rule("PUT", "/api/conversations/:id/assignee", "inbox:reply"),
  rule("POST", "/api/conversations/:id/bot", "inbox:reply"),
  rule("GET", "/api/inbox/templates", "inbox:read"),
  rule("POST", "/api/inbox/templates", "inbox:templates"),
  rule("PUT", "/api/inbox/templates/:id", "inbox:templates"),
  rule("DELETE", "/api/inbox/templates/:id", "inbox:templates"),
  rule("POST", "/api/conversations/:id/templates/:templateId/render", "inbox:reply"),
  rule("GET", "/api/inbox/settings", "inbox:read"),
  rule("PUT", "/api/inbox/settings", "inbox:settings"),

  rule("POST", "/api/dm/send", "dm:send"),
  rule("GET", "/api/dm/status/:leadId", "leads:read"),
  rule("POST", "/api/dm/retry/:leadId", "dm:send"),

  rule("GET", "/api/stats", "automations:read"),
  rule("GET", "/api/onboarding", "automations:read"),
  rule("GET", "/api/setup-guide", "accounts:connect"),
  rule("GET", "/api/automation-templates", "automations:read"),
  rule("POST", "/api/automation-templates/:id", "automations:write"),
  rule("POST", "/api/activity/:id/retry", "automations:write"),

  rule("GET", "/api/jobs/dead-letters", "jobs:manage"),
  rule("POST", "/api/jobs/dead-letters/:job/:id/retry", "jobs:manage"),

  rule("POST", "/api/demo/jobs", "demo:use"),
  rule("GET", "/api/demo/effects", "demo:use"),

  // The simulated Instagram's control API (the Meta-protocol parts are not guarded).
  rule("GET", "/sandbox/control/*", "sandbox:control"),
  rule("POST", "/sandbox/control/*", "sandbox:control"),
  rule("PUT", "/sandbox/control/*", "sandbox:control"),
  rule("PATCH", "/sandbox/control/*", "sandbox:control"),
  rule("DELETE", "/sandbox/control/*", "sandbox:control"),
];

/** Paths under /api that answer without credentials. */
export const PUBLIC_API_PATHS: readonly string[] = ["/api/openapi.json", "/api/setup"];
export const isPublicApiPath = (path: string) =>
  PUBLIC_API_PATHS.includes(path) || path === "/api/auth" || path.startsWith("/api/auth/");

const compiled = ROUTE_RULES.map((r) => ({
  ...r,
  regex: new RegExp(
    `^${r.path
      .split("/")
      .map((seg) =>
        seg === "*" ? ".*" : seg.startsWith(":") ? "[^/]+" : seg.replace(/[.+?^${}()|[\]\\]/g, "\\$&"),
      )
      .join("/")}/?$`,
  ),
}));

/** The rule for a request, preferring literal segments (…/options before …/:method/start). */
export function ruleFor(method: string, path: string): RouteRule | undefined {
  const m = method === "HEAD" ? "GET" : method;
  return compiled.find((r) => r.method === m && r.regex.test(path));
}
