import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, signUp, uniqueEmail } from "../../../test/support/auth-helper.ts";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { type PipelineHarness, startPipeline } from "../../../test/support/pipeline-harness.ts";
import type { DmStatusView } from "../../shared/api/dm.ts";
import type { LeadSaved } from "../../shared/api/leads.ts";
import { contacts, outboundMessages } from "../db/schema/index.ts";

const RATE = 25;

/**
 * The DM API over real HTTP with API keys, on a real runtime (web + worker) whose Instagram is
 * the sandbox: every status code, idempotency, retries into the dead letters, retry, WhatsApp's
 * 501 with its wa.me link, the rate limit with Retry-After.
 */
describe.each(availableBackends())("DM API on %s", (backendName) => {
  let backend: TestBackend;
  let h: PipelineHarness;
  let editorKey: string;
  let viewerKey: string;
  let otherKey: string;

  const api = async <T>(key: string | null, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${h.base}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as T };
  };
  type Err = { error: { code: string; message: string; details?: Record<string, unknown> } };

  /** A simulated person who has just written (their window is open), and their lead. */
  const personWhoWrote = async (name: string) => {
    const { person } = await h.json<{ person: { igsid: string } }>("POST", `${h.sandbox}/control/people`, {
      username: `${name}_${backendName.replace(/\W/g, "")}`.slice(0, 30),
      followsBusiness: true,
    });
    await h.person(person.igsid).dm("hello there");
    const contact = await h.until(`the contact of ${name}`, async () => {
      const [row] = await h.runtime.database.db
        .select()
        .from(contacts)
        .where(eq(contacts.igsid, person.igsid));
      return row?.lastInboundAt ? row : undefined;
    });
    return { igsid: person.igsid, contact };
  };
  const statusOf = async (leadId: string) =>
    (await api<DmStatusView>(editorKey, "GET", `/api/dm/status/${leadId}`)).body;

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    h = await startPipeline(backend, { SANDBOX: "on", DM_API_RATE_LIMIT_PER_MINUTE: String(RATE) });
    await h.connect();
    editorKey = await createApiKey(h.base, h.owner, "editor");
    viewerKey = await createApiKey(h.base, h.owner, "viewer");
    const other = await signUp(h.base, h.owner.origin, { email: uniqueEmail("other") });
    otherKey = await createApiKey(h.base, other, "owner");
  });
  afterAll(async () => {
    await h?.stop();
    await backend?.dispose();
  });

  it("202, sent once through the Sender; the same idempotency key again sends nothing", async () => {
    const { igsid } = await personWhoWrote("dm_api");
    const first = await api<DmStatusView>(editorKey, "POST", "/api/dm/send", {
      instagramId: igsid,
      channel: "instagram",
      text: "Your discount code: SPRING",
      idempotencyKey: "order-1",
    });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: "pending", provider: "instagram", attempts: 0 });
    const leadId = first.body.leadId;
    const sent = await h.until("the DM sent", async () => {
      const s = await statusOf(leadId);
      return s.status === "sent" && s;
    });
    expect(sent).toMatchObject({ attempts: 1, lastError: null, messageId: expect.any(String) });
    expect(sent.sentAt).not.toBeNull();

    const again = await api<DmStatusView>(editorKey, "POST", "/api/dm/send", {
      leadId,
      text: "Your discount code: SPRING",
      idempotencyKey: "order-1",
    });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ leadId, status: "sent", messageId: sent.messageId });
    await new Promise((r) => setTimeout(r, 1_500));
    const received = (await h.sent(igsid)).filter(
      (m) => m.body.message?.text === "Your discount code: SPRING",
    );
    expect(received).toHaveLength(1);
    const intents = await h.runtime.database.db
      .select()
      .from(outboundMessages)
      .where(eq(outboundMessages.contactId, await contactIdOf(leadId)));
    expect(intents.map((i) => i.idempotencyKey)).toEqual([expect.stringMatching(/^dm-api:.+:order-1$/)]);
  });

  const contactIdOf = async (leadId: string) =>
    (await api<{ contactId: string }>(editorKey, "GET", `/api/leads/${leadId}`)).body.contactId;

  it("400 per field, 401 without or with a bad key, 403 for a viewer's key, 404 for another workspace's lead", async () => {
    const lead = (await h.json<LeadSaved>("POST", `${h.base}/api/leads`, { name: "Status codes" })).lead;
    const bad = await api<Err>(editorKey, "POST", "/api/dm/send", { leadId: lead.id });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: "validation_failed",
      message: expect.stringMatching(/^text:/),
    });
    const both = await api<Err>(editorKey, "POST", "/api/dm/send", {
      leadId: lead.id,
      instagramId: "1",
      text: "x",
    });
    expect(both.body.error.message).toMatch(/^leadId:/);
    expect(
      (await api<Err>(editorKey, "POST", "/api/dm/send", { leadId: lead.id, text: "x", channel: "sms" }))
        .status,
    ).toBe(400);

    const body = { leadId: lead.id, text: "hi" };
    expect((await api<Err>(null, "POST", "/api/dm/send", body)).status).toBe(401);
    expect((await api<Err>("not-a-key", "POST", "/api/dm/send", body)).status).toBe(401);
    expect((await api<Err>(null, "GET", `/api/dm/status/${lead.id}`)).status).toBe(401);
    expect((await api<Err>(viewerKey, "POST", "/api/dm/send", body)).status).toBe(403);
    expect((await api<Err>(viewerKey, "GET", `/api/dm/status/${lead.id}`)).status).toBe(200);
    for (const [method, path, b] of [
      ["POST", "/api/dm/send", body],
      ["GET", `/api/dm/status/${lead.id}`, undefined],
      ["POST", `/api/dm/retry/${lead.id}`, undefined],
    ] as const) {
      const res = await api<Err>(otherKey, method, path, b);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain("Status codes");
    }
    const unknown = await api<Err>(editorKey, "POST", "/api/dm/send", {
      instagramId: "123456789",
      text: "hi",
    });
    expect(unknown.status).toBe(404);
    const template = await api<Err>(editorKey, "POST", "/api/dm/send", { leadId: lead.id, templateId: "t1" });
    expect(template.status).toBe(501);
  });

  it("409: no conversation, a closed 24-hour window, a retry of a DM that did not fail", async () => {
    const lone = (await h.json<LeadSaved>("POST", `${h.base}/api/leads`, { email: "lone@example.org" })).lead;
    const noThread = await api<Err>(editorKey, "POST", "/api/dm/send", { leadId: lone.id, text: "hi" });
    expect(noThread.status).toBe(409);
    expect(noThread.body.error.code).toBe("conflict");

    const { igsid, contact } = await personWhoWrote("dm_closed");
    await h.runtime.database.db
      .update(contacts)
      .set({ lastInboundAt: new Date(Date.now() - 25 * 3600_000) })
      .where(eq(contacts.id, contact.id));
    const closed = await api<Err>(editorKey, "POST", "/api/dm/send", {
      instagramId: igsid,
      text: "too late",
    });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe("window_closed");
    expect((await h.sent(igsid)).filter((m) => m.body.message?.text === "too late")).toHaveLength(0);

    const retry = await api<Err>(editorKey, "POST", `/api/dm/retry/${lone.id}`);
    expect(retry.status).toBe(409);
  });

  it("failures retry ×3 with backoff, end failed with the reason and in the dead letters; retry then sends", async () => {
    const { igsid } = await personWhoWrote("dm_fails");
    await h.json("PUT", `${h.sandbox}/control/faults`, { errorShare: 1 });
    let leadId: string;
    try {
      const accepted = await api<DmStatusView>(editorKey, "POST", "/api/dm/send", {
        instagramId: igsid,
        text: "Will it arrive?",
      });
      expect(accepted.status).toBe(202);
      leadId = accepted.body.leadId;
      const failed = await h.until("the DM failed", async () => {
        const s = await statusOf(leadId);
        return s.status === "failed" && s;
      });
      expect(failed.attempts).toBe(4);
      expect(failed.lastError).toMatch(/meta_error|unexpected/i);
      const dead = await h.json<{ deadLetters: { job: string; payload: { leadId?: string } }[] }>(
        "GET",
        `${h.base}/api/jobs/dead-letters?job=dmSend`,
      );
      expect(dead.deadLetters.some((d) => d.payload.leadId === leadId)).toBe(true);
    } finally {
      await h.json("PUT", `${h.sandbox}/control/faults`, {});
    }
    const retried = await api<DmStatusView>(editorKey, "POST", `/api/dm/retry/${leadId}`);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ status: "pending", attempts: 0, lastError: null });
    expect((await api<Err>(editorKey, "POST", `/api/dm/retry/${leadId}`)).status).toBe(409);
    await h.until("the retried DM sent", async () => (await statusOf(leadId)).status === "sent");
    expect((await h.sent(igsid)).filter((m) => m.body.message?.text === "Will it arrive?")).toHaveLength(1);
  });

  it("WhatsApp: 501 not_implemented with a wa.me link from the E.164 phone; the lead is coming_soon", async () => {
    const lead = (
      await h.json<LeadSaved>("POST", `${h.base}/api/leads`, { name: "Wa", phone: "+1 415-555-2671" })
    ).lead;
    const res = await api<Err>(editorKey, "POST", "/api/dm/send", {
      leadId: lead.id,
      channel: "whatsapp",
      text: "Hi there & welcome!",
    });
    expect(res.status).toBe(501);
    expect(res.body.error).toMatchObject({
      code: "not_implemented",
      details: {
        deepLink: "https://wa.me/14155552671?text=Hi%20there%20%26%20welcome!",
        status: "coming_soon",
      },
    });
    expect(await statusOf(lead.id)).toMatchObject({ status: "coming_soon", provider: "whatsapp" });
  });

  it("429 with Retry-After past the workspace's rate limit (another workspace unaffected)", async () => {
    const lead = (await h.json<LeadSaved>("POST", `${h.base}/api/leads`, { name: "Rate" })).lead;
    let limited: Awaited<ReturnType<typeof api<Err>>> | undefined;
    for (let i = 0; i <= RATE && !limited; i++) {
      const res = await api<Err>(editorKey, "POST", "/api/dm/send", { leadId: lead.id, text: "x" });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(409); // no conversation: refused, but counted
    }
    expect(limited?.body.error.code).toBe("rate_limited");
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
    const otherLead = await api<LeadSaved>(otherKey, "POST", "/api/leads", { name: "B" });
    expect(
      (await api<Err>(otherKey, "POST", "/api/dm/send", { leadId: otherLead.body.lead.id, text: "x" }))
        .status,
    ).toBe(409);
  });
});
