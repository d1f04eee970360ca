import { sandboxAppSecret } from "../../src/server/instagram/meta-endpoints.ts";
import { signWebhookBody } from "../../src/server/instagram/webhook-signature.ts";
import { createLogger } from "../../src/server/observability/logger.ts";
import type { Runtime } from "../../src/server/runtime.ts";
import { startRuntime } from "../../src/server/runtime.ts";
import { DEMO } from "../../src/server/sandbox/index.ts";
import { loadKeyRing } from "../../src/server/security/encryption-keys.ts";
import type { AutomationInputBody } from "../../src/shared/automation.ts";
import { signUp } from "./auth-helper.ts";
import { freePort, type TestBackend } from "./backends.ts";
import { TestBrowser } from "./test-browser.ts";
import { TEST_TOKEN_KEY, testConfig } from "./test-config.ts";
import { waitFor } from "./wait-for.ts";

export { DEMO };

const logger = createLogger({
  log: { level: process.env.TEST_LOG_LEVEL ?? "silent", format: "json" },
  version: "test",
});

export interface ActivityItem {
  id: number;
  automationId: string | null;
  personId: string;
  trigger: string;
  incomingText: string | null;
  responseText: string | null;
  status: "success" | "failed" | "pending" | "skipped";
  reason: string | null;
  metaErrorCode: number | null;
}

/**
 * autodm (web + worker) with its built-in sandbox, a connected sandbox account, and helpers to
 * play the person's side and read what they received — all over HTTP.
 */
export async function startPipeline(backend: TestBackend, env: Record<string, string> = {}) {
  const port = await freePort();
  const runtime: Runtime = await startRuntime(
    testConfig(backend, { PORT: String(port), APP_URL: `http://127.0.0.1:${port}`, ...env }),
    ["web", "worker"],
    logger,
  );
  const base = runtime.url as string;
  const sandbox = `${base}/sandbox`;
  // The workspace's owner: every /api and sandbox-control call below is made as them.
  const owner = await signUp(base, `http://127.0.0.1:${port}`);

  async function json<T>(method: string, url: string, body?: unknown): Promise<T> {
    const res = await fetch(url, {
      method,
      headers: owner.headers(),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${url} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async function connect(accountId: string = DEMO.account.id) {
    const browser = new TestBrowser().withCookies(base, owner.cookie);
    const start = await browser.request(`${base}/api/instagram/connect/sandbox/start`);
    const dialog = await browser.visit(start.location as string);
    const done = await browser.submit(dialog, { choice: accountId, decision: "allow" });
    if (!done.text.includes("is connected")) throw new Error(`connect failed: ${done.text.slice(0, 300)}`);
  }

  const person = (igsid: string) => ({
    dm: (text: string, extra: Record<string, unknown> = {}) =>
      json<{ mid: string }>("POST", `${sandbox}/control/people/${igsid}/messages`, {
        accountId: DEMO.account.id,
        text,
        ...extra,
      }),
    comment: (mediaId: string, text: string) =>
      json<{ id: string }>("POST", `${sandbox}/control/people/${igsid}/comments`, { mediaId, text }),
    storyReply: (storyId: string, text: string) =>
      json("POST", `${sandbox}/control/people/${igsid}/story-replies`, { storyId, text }),
    storyMention: () =>
      json("POST", `${sandbox}/control/people/${igsid}/story-mentions`, { accountId: DEMO.account.id }),
    react: (mid: string) =>
      json("POST", `${sandbox}/control/people/${igsid}/reactions`, {
        accountId: DEMO.account.id,
        mid,
        action: "react",
        reaction: "love",
      }),
    postback: (title: string, payload: string) =>
      json("POST", `${sandbox}/control/people/${igsid}/postbacks`, {
        accountId: DEMO.account.id,
        title,
        payload,
      }),
  });

  type Sent = {
    personId: string;
    kind: string;
    body: { message?: { text?: string; quick_replies?: unknown[] } };
  };
  /** What the sandbox received from autodm (sends, private and public replies). */
  const sent = async (personId?: string) => {
    const { messages } = await json<{ messages: Sent[] }>(
      "GET",
      `${sandbox}/control/messages?accountId=${DEMO.account.id}`,
    );
    return messages.filter((m) => (personId ? m.personId === personId : true) && m.kind !== "sender_action");
  };

  /** A messaging event delivered straight to the webhook, signed as the sandbox signs. */
  const signedMessaging = (event: Record<string, unknown>) => {
    const body = JSON.stringify({
      object: "instagram",
      entry: [{ id: DEMO.account.id, time: Date.now(), messaging: [event] }],
    });
    const secret = sandboxAppSecret(
      loadKeyRing({ tokenEncryptionKey: TEST_TOKEN_KEY, dataDir: "/nonexistent" }),
    );
    return fetch(`${base}/webhooks/instagram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": signWebhookBody(body, secret) },
      body,
    });
  };
  /** Someone answering from the Instagram app: Meta's echo. */
  const echoFromApp = (personId: string, mid: string, text: string) =>
    signedMessaging({
      sender: { id: DEMO.account.id },
      recipient: { id: personId },
      timestamp: Date.now(),
      message: { mid, text, is_echo: true },
    });
  /** A person's DM as Meta delivers it, with the timestamp given (a late delivery). */
  const dmWebhook = (personId: string, text: string, timestamp: number) =>
    signedMessaging({
      sender: { id: personId },
      recipient: { id: DEMO.account.id },
      timestamp,
      message: { mid: `m_late_${personId}_${timestamp}`, text },
    });

  const activity = async (query = "") =>
    (await json<{ items: ActivityItem[] }>("GET", `${base}/api/activity?limit=200${query}`)).items;

  const until = <T>(what: string, probe: () => Promise<T | undefined | false | null>, timeoutMs = 20_000) =>
    waitFor(what, probe, { timeoutMs });

  return {
    runtime,
    base,
    sandbox,
    owner,
    json,
    connect,
    person,
    sent,
    echoFromApp,
    dmWebhook,
    activity,
    until,
    createAutomation: (input: Omit<AutomationInputBody, "version"> & { version?: 1 }) =>
      json<{ id: string }>("POST", `${base}/api/automations`, { version: 1, ...input }),
    stop: () => runtime.stop(),
  };
}

export type PipelineHarness = Awaited<ReturnType<typeof startPipeline>>;
