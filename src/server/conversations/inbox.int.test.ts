import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, memberWithRole, signUp, type TestSession } from "../../../test/support/auth-helper.ts";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { DEMO, type PipelineHarness, startPipeline } from "../../../test/support/pipeline-harness.ts";
import type { Conversation, ConversationPage, Message, MessagePage } from "../../shared/api/inbox.ts";

const HOUR = 3600_000;

/**
 * The inbox over real HTTP, the sandbox playing Instagram: every message of a thread is
 * recorded (inbound, automated, echoed, typed by a member) with its status; the REST API lists,
 * filters and pages; replies follow Meta's window rules (24 h, HUMAN_AGENT to 7 days).
 */
describe.each(availableBackends())("the inbox on %s", (backendName) => {
  let backend: TestBackend;
  let h: PipelineHarness;
  let viewer: TestSession;
  let agentKey: string;

  const newPerson = async (username: string) => {
    const { person } = await h.json<{ person: { igsid: string } }>("POST", `${h.sandbox}/control/people`, {
      username: `${username}_${backendName.replace(/\W/g, "")}`.slice(0, 30),
      followsBusiness: true,
    });
    return person.igsid;
  };
  const api = async (method: string, path: string, body?: unknown, headers = h.owner.headers()) => {
    const res = await fetch(`${h.base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const conversationOf = (igsid: string) =>
    h.until(`conversation of ${igsid}`, async () => {
      const page = await h.json<ConversationPage>("GET", `${h.base}/api/conversations?limit=100`);
      return page.items.find((c) => c.person.igsid === igsid);
    });
  const thread = async (id: string) =>
    (await h.json<MessagePage>("GET", `${h.base}/api/conversations/${id}/messages`)).items;
  const threadUntil = (id: string, what: string, probe: (items: Message[]) => boolean) =>
    h.until(what, async () => {
      const items = await thread(id);
      return probe(items) && items;
    });

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    h = await startPipeline(backend);
    await h.connect();
    viewer = await memberWithRole(h.base, h.owner, "viewer");
    agentKey = await createApiKey(h.base, h.owner, "agent");
    await h.createAutomation({
      name: "Price",
      trigger: { type: "dm_keyword" },
      conditions: { keywords: [{ text: "price", match: "contains" }] },
      actions: [{ type: "send_text", variations: ["The course is €49."] }],
    });
    await h.createAutomation({
      name: "Human please",
      trigger: { type: "dm_keyword" },
      conditions: { keywords: [{ text: "human", match: "contains" }] },
      actions: [{ type: "handover" }],
    });
  });
  afterAll(async () => {
    await h?.stop();
    await backend?.dispose();
  });

  it("records the person's DM and the automation's reply; the echo delivers it, a read receipt reads it", async () => {
    const who = await newPerson("priced");
    const { mid } = await h.person(who).dm("what's the price?");
    const conv = await conversationOf(who);
    const items = await threadUntil(conv.id, "reply delivered", (m) =>
      m.some((x) => x.direction === "out" && x.status === "delivered"),
    );
    const [reply, dm] = items;
    expect(dm).toMatchObject({
      direction: "in",
      type: "text",
      text: "what's the price?",
      sender: { kind: "person" },
      status: "received",
      metaMessageId: mid,
    });
    expect(reply).toMatchObject({
      direction: "out",
      text: "The course is €49.",
      sender: { kind: "automation", name: "Price" },
      status: "delivered",
    });
    expect(reply?.metaMessageId).toBeTruthy();
    const fresh = await h.json<Conversation>("GET", `${h.base}/api/conversations/${conv.id}`);
    expect(fresh).toMatchObject({ unreadCount: 1, preview: "The course is €49.", lastDirection: "out" });
    expect(Date.parse(fresh.canReplyUntil as string) - Date.parse(dm?.at as string)).toBe(24 * HOUR);

    await h.json("POST", `${h.sandbox}/control/people/${who}/reads`, { accountId: DEMO.account.id });
    await threadUntil(conv.id, "reply read", (m) => m[0]?.status === "read");
  });

  it("a reply typed in the Instagram app (echo) is recorded as such and pauses the bot", async () => {
    const who = await newPerson("echoed");
    await h.person(who).dm("hello there");
    const conv = await conversationOf(who);
    const res = await h.echoFromApp(who, `mid-app-${backendName}`, "Anna here, by hand");
    expect(res.status).toBe(200);
    const items = await threadUntil(conv.id, "the app's echo", (m) => m.some((x) => x.sender.kind === "app"));
    expect(items[0]).toMatchObject({ direction: "out", text: "Anna here, by hand", status: "delivered" });
    const after = await h.json<Conversation>("GET", `${h.base}/api/conversations/${conv.id}`);
    expect(after.bot.state).toBe("paused");
  });

  it("a member replies inside the window: sent once to the person, the bot paused; limits and roles", async () => {
    const who = await newPerson("answered");
    await h.person(who).dm("hi, a question about sizes");
    const conv = await conversationOf(who);

    const tooLong = await api("POST", `/api/conversations/${conv.id}/messages`, { text: "é".repeat(501) });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body)).toMatch(/1002 bytes.*at most 1000 bytes/);
    const asViewer = await api(
      "POST",
      `/api/conversations/${conv.id}/messages`,
      { text: "hi" },
      viewer.headers(),
    );
    expect(asViewer.status).toBe(403);
    const other = await signUp(h.base, h.base.replace("localhost", "127.0.0.1"));
    expect((await api("GET", `/api/conversations/${conv.id}`, undefined, other.headers())).status).toBe(404);
    expect(
      (await api("POST", `/api/conversations/${conv.id}/messages`, { text: "x" }, other.headers())).status,
    ).toBe(404);

    const sent = await api("POST", `/api/conversations/${conv.id}/messages`, { text: "We have S to XL 👕" });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({
      message: { status: "pending", sender: { kind: "member" }, humanAgent: false },
      conversation: { bot: { state: "paused" }, unreadCount: 0 },
    });
    const items = await threadUntil(conv.id, "member reply delivered", (m) => m[0]?.status === "delivered");
    expect(items[0]).toMatchObject({ text: "We have S to XL 👕", sender: { kind: "member" } });
    const received = (await h.sent(who)).filter((m) => m.body.message?.text === "We have S to XL 👕");
    expect(received).toHaveLength(1);

    // The bot stays silent while paused: "price" runs nothing here.
    await h.person(who).dm("and the price?");
    await h.until("the miss", async () =>
      (await h.activity()).find((a) => a.personId === who && a.reason === "bot_paused"),
    );
    expect((await h.sent(who)).filter((m) => m.body.message?.text === "The course is €49.")).toHaveLength(0);
  });

  it("lists with filters, search and cursor paging; read, priority and tags", async () => {
    const a = await newPerson("listed_a");
    const b = await newPerson("listed_b");
    await h.person(a).dm("looking for the blue hoodie");
    const ca = await conversationOf(a);
    await h.person(b).dm("hello");
    const cb = await conversationOf(b);

    const found = await h.json<ConversationPage>("GET", `${h.base}/api/conversations?q=blue%20hoodie`);
    expect(found.items.map((c) => c.id)).toEqual([ca.id]);
    const none = await h.json<ConversationPage>("GET", `${h.base}/api/conversations?q=no%25such_thing`);
    expect(none.items).toEqual([]);

    const first = await h.json<ConversationPage>("GET", `${h.base}/api/conversations?limit=1`);
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBeTruthy();
    const second = await h.json<ConversationPage>(
      "GET",
      `${h.base}/api/conversations?limit=1&cursor=${first.nextCursor}`,
    );
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
    expect(Date.parse(second.items[0]?.lastMessageAt ?? "")).toBeLessThanOrEqual(
      Date.parse(first.items[0]?.lastMessageAt ?? ""),
    );

    await h.json("POST", `${h.base}/api/conversations/${ca.id}/read`);
    const unread = await h.json<ConversationPage>("GET", `${h.base}/api/conversations?unread=true&limit=100`);
    expect(unread.items.map((c) => c.id)).toContain(cb.id);
    expect(unread.items.map((c) => c.id)).not.toContain(ca.id);

    const patched = await h.json<Conversation>("PATCH", `${h.base}/api/conversations/${cb.id}`, {
      priority: true,
      addTags: ["vip", "wholesale"],
    });
    expect(patched).toMatchObject({ priority: true, tags: ["vip", "wholesale"] });
    const starred = await h.json<ConversationPage>(
      "GET",
      `${h.base}/api/conversations?priority=true&tag=vip`,
    );
    expect(starred.items.map((c) => c.id)).toEqual([cb.id]);
    const me = await h.json<{ user: { id: string } }>("GET", `${h.base}/api/me`);
    await h.json("PUT", `${h.base}/api/conversations/${cb.id}/assignee`, { assigneeId: me.user.id });
    const mine = await h.json<ConversationPage>("GET", `${h.base}/api/conversations?assigned=me`);
    expect(mine.items.map((c) => c.id)).toEqual([cb.id]);
    expect((await api("GET", `/api/conversations?cursor=bogus`)).status).toBe(400);
  });

  it("release after a hand-over lets the next DM trigger automations again", async () => {
    const who = await newPerson("handed");
    await h.person(who).dm("can I talk to a human?");
    const conv = await conversationOf(who);
    const handed = await h.until("handed over", async () => {
      const c = await h.json<Conversation>("GET", `${h.base}/api/conversations/${conv.id}`);
      return c.bot.state === "handed_over" && c;
    });
    const over = await h.json<ConversationPage>(
      "GET",
      `${h.base}/api/conversations?handedOver=true&limit=100`,
    );
    expect(over.items.map((c) => c.id)).toContain(handed.id);
    const released = await h.json<Conversation>("POST", `${h.base}/api/conversations/${conv.id}/bot`, {
      action: "release",
    });
    expect(released.bot).toEqual({ state: "active", pausedUntil: null });
    await h.person(who).dm("ok, the price then");
    await h.until("the price reply", async () =>
      (await h.sent(who)).find((m) => m.body.message?.text === "The course is €49."),
    );
  });

  it("templates: CRUD by editors, `/` search, rendered per person with a safe fallback, use counted", async () => {
    const who = await newPerson("templated");
    await h.person(who).dm("hello");
    const conv = await conversationOf(who);
    const input = {
      name: "Greeting",
      category: "greeting",
      content: "Hi {{first_name|there}}, thanks {{nope}}!",
    };
    expect((await api("POST", "/api/inbox/templates", input, viewer.headers())).status).toBe(403);
    const created = await api("POST", "/api/inbox/templates", input);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await h.json("POST", `${h.base}/api/inbox/templates`, {
      name: "Book",
      category: "scheduling",
      content: "Book here",
    });
    const found = await h.json<{ templates: { name: string }[] }>(
      "GET",
      `${h.base}/api/inbox/templates?q=thanks`,
    );
    expect(found.templates.map((t) => t.name)).toEqual(["Greeting"]);

    const rendered = await h.json<{ text: string; bytes: number }>(
      "POST",
      `${h.base}/api/conversations/${conv.id}/templates/${id}/render`,
    );
    expect(rendered).toEqual({ text: "Hi there, thanks!", bytes: 17 });
    const list = await h.json<{ templates: { id: string; useCount: number }[] }>(
      "GET",
      `${h.base}/api/inbox/templates`,
    );
    expect(list.templates[0]).toMatchObject({ id, useCount: 1 });

    const other = await signUp(h.base, h.base);
    expect((await api("PUT", `/api/inbox/templates/${id}`, input, other.headers())).status).toBe(404);
    expect(
      (await api("POST", `/api/conversations/${conv.id}/templates/${id}/render`, undefined, other.headers()))
        .status,
    ).toBe(404);
    expect(
      (await api("PUT", `/api/inbox/templates/${id}`, { ...input, content: "Hello {{username|friend}}" }))
        .status,
    ).toBe(200);
    const res = await fetch(`${h.base}/api/inbox/templates/${id}`, {
      method: "DELETE",
      headers: h.owner.headers(),
    });
    expect(res.status).toBe(204);
  });

  // Last: it moves the sandbox's clock for everyone.
  it("after 24 h: 409 window_closed; with human-agent replies on, a member's reply goes as HUMAN_AGENT", async () => {
    const who = await newPerson("late");
    await h.person(who).dm("are you there?");
    const conv = await conversationOf(who);
    await h.json("POST", `${h.sandbox}/control/clock`, { advanceMs: 25 * HOUR });

    const closed = await api("POST", `/api/conversations/${conv.id}/messages`, {
      text: "sorry for the wait",
    });
    expect(closed.status).toBe(409);
    const error = closed.body.error as { code: string; message: string };
    expect(error.code).toBe("window_closed");
    expect(error.message).toContain(new Date(Date.parse(conv.canReplyUntil as string)).toISOString());

    expect(
      (await api("PUT", "/api/inbox/settings", { humanAgentReplies: true }, viewer.headers())).status,
    ).toBe(403);
    expect((await api("PUT", "/api/inbox/settings", { humanAgentReplies: true })).body).toMatchObject({
      humanAgentReplies: true,
    });
    // An API key is not a member typing: still refused.
    const byKey = await api(
      "POST",
      `/api/conversations/${conv.id}/messages`,
      { text: "from a script" },
      {
        "content-type": "application/json",
        authorization: `Bearer ${agentKey}`,
      },
    );
    expect(byKey.status).toBe(409);

    const late = await api("POST", `/api/conversations/${conv.id}/messages`, { text: "sorry for the wait" });
    expect(late.status).toBe(202);
    expect(late.body).toMatchObject({ message: { humanAgent: true } });
    const got = await h.until("the HUMAN_AGENT reply", async () =>
      (await h.sent(who)).find((m) => m.body.message?.text === "sorry for the wait"),
    );
    expect((got.body as { tag?: string }).tag).toBe("HUMAN_AGENT");
    await threadUntil(
      conv.id,
      "late reply sent",
      (m) => m[0]?.status === "sent" || m[0]?.status === "delivered",
    );

    await h.json("POST", `${h.sandbox}/control/clock`, { advanceMs: 7 * 24 * HOUR });
    const tooLate = await api("POST", `/api/conversations/${conv.id}/messages`, { text: "hello?" });
    expect(tooLate.status).toBe(409);
    expect((tooLate.body.error as { message: string }).message).toMatch(/7-day/);
  });
});
