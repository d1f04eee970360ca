/**
 * Every route the app serves under /api and /sandbox/control, with what the isolation test
 * (test/isolation.int.test.ts) puts in it: each path parameter filled with a real id of
 * workspace A (or a fixed value, `lit(…)`, where the parameter is not a workspace's id), and a
 * body valid enough to get past validation to the workspace check. A route the app serves or
 * the OpenAPI document lists without an entry here fails the test: add one line.
 *
 * A route whose parameters (or `foreign: true`: whose body) name one of A's rows must answer
 * workspace B 403 or 404; every route must never show B anything of A's.
 */

/** The rows of workspace A the test creates (test/isolation.int.test.ts, beforeAll). */
export type IdOfA =
  | "account"
  | "activity"
  | "apiKey"
  | "automation"
  | "contact"
  | "contactIgsid"
  | "conversation"
  | "deadLetter"
  | "lead"
  | "template";
export type IdsOfA = Record<IdOfA, string>;

/** A fixed value for a parameter that is not a workspace's id (a provider, a job kind). */
export interface Literal {
  literal: string;
}
export const lit = (literal: string): Literal => ({ literal });

export interface RouteCase {
  params?: Record<string, IdOfA | Literal>;
  body?: (a: IdsOfA) => unknown;
  /** The body names A's rows: B must get 403/404 although no parameter does. */
  foreign?: boolean;
  /** Parameters that name no row of A (the sandbox's own people): B's answer is not checked for 403/404. */
  notForeign?: boolean;
}

const AUTOMATION = {
  version: 1,
  name: "A's secret automation",
  trigger: { type: "comment_keyword", posts: "any" },
  conditions: { keywords: [{ text: "link", match: "equals" }] },
  actions: [{ type: "send_text", variations: ["secret of A"] }],
};
export const AUTOMATION_OF_A = AUTOMATION;

export const ROUTES: Record<string, RouteCase> = {
  "GET /api/activity": {},
  "GET /api/activity/stream": {},
  "POST /api/activity/:id/retry": { params: { id: "activity" } },
  "GET /api/ai-providers": {},
  "PUT /api/ai-providers/:provider": {
    params: { provider: lit("openai") },
    body: () => ({ apiKey: "sk-by-b-0000" }),
  },
  "DELETE /api/ai-providers/:provider": { params: { provider: lit("openai") } },
  "GET /api/ai-settings/:accountId": { params: { accountId: "account" } },
  "PUT /api/ai-settings/:accountId": {
    params: { accountId: "account" },
    body: () => ({ systemPrompt: "by B" }),
  },
  "POST /api/ai-settings/:accountId/preview": {
    params: { accountId: "account" },
    body: () => ({ message: "hi" }),
  },
  "GET /api/api-keys": {},
  "POST /api/api-keys": { body: () => ({ name: "B's key", role: "viewer" }) },
  "DELETE /api/api-keys/:id": { params: { id: "apiKey" } },
  "GET /api/automation-templates": {},
  "POST /api/automation-templates/:id": { params: { id: lit("x1") }, notForeign: true },
  "GET /api/automations": {},
  "POST /api/automations": { body: () => ({ ...AUTOMATION, name: "B's automation" }) },
  "GET /api/automations/:id": { params: { id: "automation" } },
  "PUT /api/automations/:id": { params: { id: "automation" }, body: () => ({ ...AUTOMATION, name: "by B" }) },
  "PATCH /api/automations/:id": { params: { id: "automation" }, body: () => ({ enabled: false }) },
  "DELETE /api/automations/:id": { params: { id: "automation" } },
  "POST /api/automations/:id/disable": { params: { id: "automation" } },
  "POST /api/automations/:id/duplicate": { params: { id: "automation" } },
  "POST /api/automations/:id/enable": { params: { id: "automation" } },
  "GET /api/conversations": {},
  "GET /api/conversations/stream": {},
  "GET /api/conversations/:id": { params: { id: "conversation" } },
  "PATCH /api/conversations/:id": { params: { id: "conversation" }, body: () => ({ priority: true }) },
  "PUT /api/conversations/:id/assignee": {
    params: { id: "conversation" },
    body: () => ({ assigneeId: null }),
  },
  "POST /api/conversations/:id/bot": { params: { id: "conversation" }, body: () => ({ action: "release" }) },
  "GET /api/conversations/:id/messages": { params: { id: "conversation" } },
  "POST /api/conversations/:id/messages": { params: { id: "conversation" }, body: () => ({ text: "by B" }) },
  "POST /api/conversations/:id/read": { params: { id: "conversation" } },
  "POST /api/conversations/:id/templates/:templateId/render": {
    params: { id: "conversation", templateId: "template" },
  },
  "GET /api/demo/effects": {},
  "POST /api/demo/jobs": { body: () => ({}) },
  "POST /api/dm/send": { body: (a) => ({ leadId: a.lead, text: "by B" }), foreign: true },
  "GET /api/dm/status/:leadId": { params: { leadId: "lead" } },
  "POST /api/dm/retry/:leadId": { params: { leadId: "lead" } },
  "GET /api/inbox/settings": {},
  "PUT /api/inbox/settings": { body: () => ({ humanAgentReplies: true }) },
  "GET /api/inbox/templates": {},
  "POST /api/inbox/templates": { body: () => ({ name: "B's template", category: "other", content: "by B" }) },
  "PUT /api/inbox/templates/:id": {
    params: { id: "template" },
    body: () => ({ name: "by B", category: "other", content: "by B" }),
  },
  "DELETE /api/inbox/templates/:id": { params: { id: "template" } },
  "GET /api/instagram/accounts": {},
  "GET /api/instagram/accounts/:id": { params: { id: "account" } },
  "DELETE /api/instagram/accounts/:id": { params: { id: "account" } },
  "GET /api/instagram/accounts/:id/media": { params: { id: "account" } },
  "GET /api/instagram/connect/options": {},
  "GET /api/instagram/connect/:method/start": { params: { method: lit("sandbox") } },
  "GET /api/instagram/connect/:method/callback": { params: { method: lit("sandbox") } },
  "POST /api/instagram/connect/facebook/choose": { body: () => ({}) },
  "GET /api/invitations": {},
  "POST /api/invitations": { body: () => ({ email: "invited-by-b@example.test", role: "viewer" }) },
  "GET /api/jobs/dead-letters": {},
  "POST /api/jobs/dead-letters/:job/:id/retry": { params: { job: lit("processPerson"), id: "deadLetter" } },
  "GET /api/leads": {},
  "GET /api/leads/export.csv": {},
  "POST /api/leads/import": { body: () => ({}) },
  "POST /api/leads/import/preview": { body: () => ({}) },
  "POST /api/leads": { body: () => ({ name: "B's lead" }) },
  "POST /api/leads/bulk": { body: (a) => ({ action: "tag", ids: [a.lead], tag: "by B" }) },
  "POST /api/leads/from-contact/:contactId": { params: { contactId: "contact" } },
  "GET /api/leads/:id": { params: { id: "lead" } },
  "PATCH /api/leads/:id": { params: { id: "lead" }, body: () => ({ notes: "by B" }) },
  "DELETE /api/leads/:id": { params: { id: "lead" } },
  "GET /api/me": {},
  "GET /api/onboarding": {},
  "GET /api/openapi.json": {},
  "GET /api/setup": {},
  "GET /api/setup-guide": {},
  "GET /api/stats": {},
  // The sandbox is the installation's stand-in for Instagram, not a workspace's: its people are
  // its own, so B's answers are checked for leaks only.
  "GET /sandbox/control/accounts": {},
  "POST /sandbox/control/accounts": { body: () => ({}) },
  "GET /sandbox/control/clock": {},
  "POST /sandbox/control/clock": { body: () => ({}) },
  "GET /sandbox/control/comments": {},
  "GET /sandbox/control/deliveries": {},
  "GET /sandbox/control/faults": {},
  "GET /sandbox/control/graph-calls": {},
  "DELETE /sandbox/control/graph-calls": {},
  "POST /sandbox/control/history": { body: () => ({}) },
  "PUT /sandbox/control/faults": { body: () => ({}) },
  "GET /sandbox/control/media": {},
  "POST /sandbox/control/media": { body: () => ({}) },
  "POST /sandbox/control/media/:id/end-live": { params: { id: lit("x1") }, notForeign: true },
  "GET /sandbox/control/messages": {},
  "GET /sandbox/control/people": {},
  "POST /sandbox/control/people": { body: () => ({}) },
  "PATCH /sandbox/control/people/:igsid": {
    params: { igsid: "contactIgsid" },
    body: () => ({}),
    notForeign: true,
  },
  "POST /sandbox/control/people/:igsid/comments": {
    params: { igsid: "contactIgsid" },
    body: () => ({}),
    notForeign: true,
  },
  "POST /sandbox/control/people/:igsid/deletions": {
    params: { igsid: "contactIgsid" },
    body: () => ({}),
    notForeign: true,
  },
  "POST /sandbox/control/people/:igsid/edits": {
    params: { igsid: "contactIgsid" },
    body: () => ({}),
    notForeign: true,
  },
  "POST /sandbox/control/people/:igsid/messages": {
    params: { igsid: "contactIgsid" },
    body: () => ({}),
    notForeign: true,
  },
  "POST /sandbox/control/people/:igsid/postbacks": {
    params: { igsid: "contactIgsid" },
    body: () => ({}),
    notForeign: true,
  },
  "POST /sandbox/control/people/:igsid/reactions": {
    params: { igsid: "contactIgsid" },
    body: () => ({}),
    notForeign: true,
  },
  "POST /sandbox/control/people/:igsid/reads": {
    params: { igsid: "contactIgsid" },
    body: () => ({}),
    notForeign: true,
  },
  "POST /sandbox/control/people/:igsid/referrals": {
    params: { igsid: "contactIgsid" },
    body: () => ({}),
    notForeign: true,
  },
  "POST /sandbox/control/people/:igsid/story-mentions": {
    params: { igsid: "contactIgsid" },
    body: () => ({}),
    notForeign: true,
  },
  "POST /sandbox/control/people/:igsid/story-replies": {
    params: { igsid: "contactIgsid" },
    body: () => ({}),
    notForeign: true,
  },
  "GET /sandbox/control/settings": {},
  "PUT /sandbox/control/settings": { body: () => ({}) },
  "GET /sandbox/control/stream": {},
  "GET /sandbox/control/subscriptions": {},
  "GET /sandbox/control/threads": {},
  "POST /sandbox/control/tokens/expire": { body: () => ({}) },
};
