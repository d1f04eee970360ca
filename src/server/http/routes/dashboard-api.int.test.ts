import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestSession, uniqueEmail } from "../../../../test/support/auth-helper.ts";
import {
  availableBackends,
  freePort,
  provisionBackend,
  type TestBackend,
} from "../../../../test/support/backends.ts";
import { TestBrowser } from "../../../../test/support/test-browser.ts";
import { testConfig } from "../../../../test/support/test-config.ts";
import { waitFor } from "../../../../test/support/wait-for.ts";
import { createLogger } from "../../observability/logger.ts";
import { type Runtime, startRuntime } from "../../runtime.ts";
import { DEMO } from "../../sandbox/index.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });
const VERIFY_TOKEN = "paste-me-into-meta-123";

interface Stats {
  days: number;
  messages: { sent: number; failed: number; pending: number };
  successRate: number | null;
  events: { success: number; failed: number; pending: number; skipped: number };
  perDay: { date: string; sent: number; failed: number }[];
  topAutomations: { id: string; name: string; success: number; failed: number; total: number }[];
}
interface Onboarding {
  steps: { accountConnected: boolean; automationCreated: boolean; triedInTestPhone: boolean; live: boolean };
  videos: Record<string, string | null>;
}

/**
 * The dashboard's own endpoints (stats, onboarding checklist, setup guide, templates) over a real
 * runtime with sign-in on: a sandbox account connected through the browser flow, a real comment,
 * and another workspace that must see none of it.
 */
describe.each(availableBackends())("dashboard API on %s", (backendName) => {
  let backend: TestBackend;
  let runtime: Runtime;
  let base: string;
  let ownerA: TestSession;
  let ownerB: TestSession;

  const get = async <T>(s: TestSession, path: string, status = 200): Promise<T> => {
    const res = await fetch(`${base}${path}`, { headers: s.headers() });
    const body = await res.text();
    expect(res.status, `${path}: ${body}`).toBe(status);
    return JSON.parse(body) as T;
  };
  const post = async <T>(s: TestSession, path: string, body: unknown, status: number): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method: "POST",
      headers: s.headers(),
      body: JSON.stringify(body),
    });
    const text = await res.text();
    expect(res.status, `${path}: ${text}`).toBe(status);
    return JSON.parse(text) as T;
  };

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    const port = await freePort();
    const config = testConfig(backend, {
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      SANDBOX: "on",
      META_WEBHOOK_VERIFY_TOKEN: VERIFY_TOKEN,
      ONBOARDING_VIDEO_CONNECT: "https://videos.example/connect.mp4",
    });
    runtime = await startRuntime(config, ["web", "worker"], logger);
    base = runtime.url as string;
    ownerA = await signUp(base, config.http.appUrl, { email: uniqueEmail("owner-a") });
    ownerB = await signUp(base, config.http.appUrl, { email: uniqueEmail("owner-b") });
  });

  afterAll(async () => {
    await runtime?.stop();
    await backend?.dispose();
  });

  it("starts with an empty checklist and tells what to paste into Meta, never a secret", async () => {
    const onboarding = await get<Onboarding>(ownerA, "/api/onboarding");
    expect(onboarding.steps).toEqual({
      accountConnected: false,
      automationCreated: false,
      triedInTestPhone: false,
      live: false,
    });
    expect(onboarding.videos).toEqual({
      connect: "https://videos.example/connect.mp4",
      automation: null,
      testPhone: null,
      metaApp: null,
    });
    const guide = await get<Record<string, unknown>>(ownerA, "/api/setup-guide");
    expect(guide).toMatchObject({
      webhookUrl: `${base}/webhooks/instagram`,
      verifyToken: VERIFY_TOKEN,
      redirectUris: { instagram: `${base}/api/instagram/connect/instagram/callback` },
      apps: { instagram: false, facebook: false },
    });
    expect((guide.scopes as { instagram: string[] }).instagram).toContain(
      "instagram_business_manage_messages",
    );
    expect(JSON.stringify(guide)).not.toMatch(/secret/i);
  });

  it("counts a real comment-to-DM run from a template, in the caller's workspace only", async () => {
    const browser = new TestBrowser();
    browser.withCookies(base, ownerA.cookie);
    const start = await browser.request(`${base}/api/instagram/connect/sandbox/start`);
    expect(start.status).toBe(302);
    const dialog = await browser.visit(start.location as string);
    const done = await browser.submit(dialog, { choice: DEMO.account.id, decision: "allow" });
    expect(done.text).toContain("is connected");

    const { templates } = await get<{
      templates: { id: string; automation: { trigger: { type: string } } }[];
    }>(ownerA, "/api/automation-templates");
    expect(templates.map((t) => t.id)).toEqual([
      "commentToDmLink",
      "appointmentBooking",
      "leadQualification",
      "faqBot",
      "storyMentionThanks",
      "welcomeMessage",
    ]);
    await post(ownerA, "/api/automation-templates/nope", {}, 404);
    await post(ownerA, "/api/automation-templates/commentToDmLink", { link: "javascript:alert(1)" }, 400);
    const automation = await post<{ id: string; enabled: boolean; trigger: { type: string } }>(
      ownerA,
      "/api/automation-templates/commentToDmLink",
      { link: "https://shop.example/spring" },
      201,
    );
    expect(automation).toMatchObject({ enabled: true, trigger: { type: "comment_keyword" } });

    const comment = await fetch(`${base}/sandbox/control/people/${DEMO.people.nonFollower}/comments`, {
      method: "POST",
      headers: ownerA.headers(),
      body: JSON.stringify({ mediaId: DEMO.media.post1, text: "LINK please" }),
    });
    expect(comment.status, await comment.clone().text()).toBeLessThan(300);

    const stats = await waitFor(
      "the run's two replies counted",
      async () => {
        const s = await get<Stats>(ownerA, "/api/stats?days=7");
        return s.messages.sent >= 2 && s.events.success >= 1 ? s : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(stats.messages).toEqual({ sent: 2, failed: 0, pending: 0 });
    expect(stats.successRate).toBe(1);
    expect(stats.perDay).toHaveLength(7);
    expect(stats.perDay.at(-1)).toEqual({ date: new Date().toISOString().slice(0, 10), sent: 2, failed: 0 });
    expect(stats.topAutomations).toEqual([
      { id: automation.id, name: expect.stringContaining("LINK"), success: 1, failed: 0, total: 1 },
    ]);

    const onboarding = await get<Onboarding>(ownerA, "/api/onboarding");
    expect(onboarding.steps).toEqual({
      accountConnected: true,
      automationCreated: true,
      triedInTestPhone: true,
      live: false, // only a sandbox account: not live yet
    });

    const other = await get<Stats>(ownerB, "/api/stats?days=7");
    expect(other.messages).toEqual({ sent: 0, failed: 0, pending: 0 });
    expect(other.successRate).toBeNull();
    expect(other.topAutomations).toEqual([]);
    expect((await get<Onboarding>(ownerB, "/api/onboarding")).steps.accountConnected).toBe(false);
  });

  it("validates the window", async () => {
    await get(ownerA, "/api/stats?days=0", 400);
    await get(ownerA, "/api/stats?days=91", 400);
    await get(ownerA, "/api/stats?accountId=nope", 400);
    expect((await get<Stats>(ownerA, "/api/stats")).perDay).toHaveLength(14);
  });
});
