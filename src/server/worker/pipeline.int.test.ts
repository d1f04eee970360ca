import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { DEMO, type PipelineHarness, startPipeline } from "../../../test/support/pipeline-harness.ts";
import { TEST_TOKEN_KEY } from "../../../test/support/test-config.ts";
import { sandboxAppSecret } from "../instagram/meta-endpoints.ts";
import { signWebhookBody } from "../instagram/webhook-signature.ts";
import { loadKeyRing } from "../security/encryption-keys.ts";

const sandboxSecret = () =>
  sandboxAppSecret(loadKeyRing({ tokenEncryptionKey: TEST_TOKEN_KEY, dataDir: "/nonexistent" }));

/**
 * Webhook → automation → reply, over real HTTP with the built-in sandbox playing Instagram:
 * each scenario asserts what the person received and what the activity log says.
 */
describe.each(availableBackends())("the pipeline on %s", (backendName) => {
  let backend: TestBackend;
  let h: PipelineHarness;
  const ids: Record<string, string> = {};

  /** A fresh simulated person (their own thread, no history). */
  const newPerson = async (username: string, extra: Record<string, unknown> = {}) => {
    const { person } = await h.json<{ person: { igsid: string } }>("POST", `${h.sandbox}/control/people`, {
      username: `${username}_${backendName.replace(/\W/g, "")}`.slice(0, 30),
      followsBusiness: true,
      ...extra,
    });
    return person.igsid;
  };
  const activityOf = async (personId: string) => (await h.activity()).filter((a) => a.personId === personId);
  const settled = (personId: string, n = 1) =>
    h.until(`${n} settled activity rows for ${personId}`, async () => {
      const rows = (await activityOf(personId)).filter((a) => a.status !== "pending");
      return rows.length >= n && rows;
    });

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    h = await startPipeline(backend);
    await h.connect();
    const create = async (key: string, input: Parameters<PipelineHarness["createAutomation"]>[0]) => {
      ids[key] = (await h.createAutomation(input)).id;
    };
    await create("link", {
      name: "Comment LINK",
      trigger: { type: "comment_keyword", posts: "any" },
      conditions: { keywords: [{ text: "link", match: "equals" }] },
      actions: [
        { type: "private_reply", variations: ["Here is the link: https://example.org/course"] },
        { type: "public_reply", variations: ["Sent you a DM 🙌"] },
      ],
    });
    await create("dmMe", {
      name: "Comment DM ME",
      trigger: { type: "comment_keyword", posts: "any" },
      conditions: { keywords: [{ text: "dm me", match: "contains" }] },
      actions: [{ type: "send_text", variations: ["Hi! (a plain DM)"] }],
    });
    await create("price", {
      name: "Price",
      trigger: { type: "dm_keyword" },
      conditions: { keywords: [{ text: "price", match: "contains" }] },
      actions: [
        {
          type: "send_text",
          variations: ["The course is €49. Want the details?"],
          quickReplies: [
            { title: "Yes please", payload: "DETAILS_YES" },
            { title: "No thanks", payload: "DETAILS_NO" },
          ],
        },
      ],
    });
    await create("details", {
      name: "Details tap",
      trigger: { type: "payload", payloads: ["DETAILS_YES"] },
      actions: [
        { type: "send_text", variations: ["Great! It starts on May 4th."] },
        { type: "add_tag", tag: "interested" },
      ],
    });
    await create("mention", {
      name: "Story mention thanks",
      trigger: { type: "story_mention" },
      actions: [{ type: "send_text", variations: ["Thanks for the mention! 💜"] }],
    });
    await create("storyReply", {
      name: "Story reply",
      trigger: { type: "story_reply", stories: "any" },
      actions: [{ type: "send_text", variations: ["Thanks for replying to my story!"] }],
    });
    await create("reaction", {
      name: "Reaction",
      trigger: { type: "reaction" },
      actions: [{ type: "send_text", variations: ["Glad you liked it ❤️"] }],
    });
    await create("welcome", {
      name: "Welcome",
      trigger: { type: "first_message" },
      actions: [{ type: "send_text", variations: ["Welcome! How can we help?"] }],
    });
    await create("vip", {
      name: "Followers only",
      trigger: { type: "dm_keyword" },
      conditions: { keywords: [{ text: "vip", match: "equals" }], mustFollow: true },
      actions: [{ type: "send_text", variations: ["Here is the followers-only link."] }],
    });
    await create("slow", {
      name: "Delayed reply",
      trigger: { type: "dm_keyword" },
      conditions: { keywords: [{ text: "slowpoke", match: "equals" }] },
      options: { replyDelaySeconds: 1 },
      actions: [{ type: "send_text", variations: ["Sorry for the wait!"] }],
    });
    await create("fallback", {
      name: "Fallback",
      trigger: { type: "any_message" },
      actions: [{ type: "send_text", variations: ["Thanks, we'll get back to you soon."] }],
    });
  });
  afterAll(async () => {
    await h?.stop();
    await backend?.dispose();
  });

  it('comment "LINK" → one private reply with the link and a public reply under the comment', async () => {
    const who = await newPerson("commenter");
    const comment = await h.person(who).comment(DEMO.media.post1, "LINK");
    const [row] = await settled(who);
    expect(row).toMatchObject({
      status: "success",
      automationId: ids.link,
      trigger: "comment",
      incomingText: "LINK",
    });
    const received = await h.sent(who);
    expect(received.map((m) => m.kind).sort()).toEqual(["private_reply", "public_reply"]);
    expect(JSON.stringify(received)).toContain("https://example.org/course");
    const comments = await h.json<{ comments: { parentId?: string; text: string }[] }>(
      "GET",
      `${h.sandbox}/control/comments?mediaId=${DEMO.media.post1}`,
    );
    expect(JSON.stringify(comments)).toContain("Sent you a DM 🙌");
    expect(JSON.stringify(comments)).toContain(comment.id);
  });

  it("DM keyword → a reply with quick replies; tapping one runs the payload automation", async () => {
    const who = await newPerson("asker");
    await h.person(who).dm("hi, what's the price?");
    const [first] = await settled(who);
    expect(first).toMatchObject({ status: "success", automationId: ids.price });
    const [reply] = await h.sent(who);
    expect(reply?.body.message?.quick_replies).toHaveLength(2);

    await h.person(who).dm("Yes please", { quickReplyPayload: "DETAILS_YES" });
    const rows = await settled(who, 2);
    expect(rows.find((r) => r.automationId === ids.details)).toMatchObject({
      status: "success",
      trigger: "quick_reply",
    });
    expect(JSON.stringify(await h.sent(who))).toContain("It starts on May 4th.");
  });

  it("story mention → thank-you; story reply → its own reply", async () => {
    const mentioner = await newPerson("mentioner");
    await h.person(mentioner).storyMention();
    expect((await settled(mentioner))[0]).toMatchObject({ status: "success", automationId: ids.mention });
    expect(JSON.stringify(await h.sent(mentioner))).toContain("Thanks for the mention!");

    const replier = await newPerson("replier");
    await h.person(replier).storyReply(DEMO.media.story, "love this");
    expect((await settled(replier))[0]).toMatchObject({ status: "success", automationId: ids.storyReply });
  });

  it("first message → welcome; the next one → the fallback; a reaction → its automation", async () => {
    const who = await newPerson("newcomer");
    await h.person(who).dm("hello there");
    expect((await settled(who))[0]).toMatchObject({ automationId: ids.welcome, status: "success" });
    await h.person(who).dm("are you open tomorrow");
    const rows = await settled(who, 2);
    expect(rows.map((r) => r.automationId)).toContain(ids.fallback);

    const ours = (await h.sent(who))[0] as unknown as { mid: string };
    await h.person(who).react(ours.mid);
    const after = await settled(who, 3);
    expect(after.find((r) => r.trigger === "reaction")).toMatchObject({
      automationId: ids.reaction,
      status: "success",
    });
  });

  it("the follow gate asks Meta: a follower gets the reply, a non-follower a not_following miss", async () => {
    const fan = await newPerson("fan", { followsBusiness: true });
    const stranger = await newPerson("stranger", { followsBusiness: false });
    await h.person(fan).dm("hi");
    await settled(fan);
    await h.person(stranger).dm("hi");
    await settled(stranger);
    await h.person(fan).dm("VIP");
    await h.person(stranger).dm("VIP");
    const [fanRow] = (await settled(fan, 2)).filter((r) => r.automationId === ids.vip);
    expect(fanRow).toMatchObject({ status: "success" });
    const [strangerRow] = (await settled(stranger, 2)).filter((r) => r.automationId === ids.vip);
    expect(strangerRow).toMatchObject({ status: "skipped", reason: "not_following" });
    expect(JSON.stringify(await h.sent(stranger))).not.toContain("followers-only");
  });

  it("a reply delay holds the first action back", async () => {
    const who = await newPerson("patient");
    const { mid } = await h.person(who).dm("slowpoke");
    const sentAt = Date.now();
    const [row] = await settled(who);
    expect(row).toMatchObject({ automationId: ids.slow, status: "success" });
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(900);
    expect(mid).toBeTruthy();
  });

  it("a comment never opens the window: a plain DM to a commenter is a miss, and nothing is sent", async () => {
    const who = await newPerson("silent");
    await h.person(who).comment(DEMO.media.post2, "please dm me");
    const [row] = await settled(who);
    expect(row).toMatchObject({ automationId: ids.dmMe, status: "skipped", reason: "window_closed" });
    expect(await h.sent(who)).toHaveLength(0);
  });

  it("the same signed webhook delivered three times → one reply", async () => {
    const who = await newPerson("triple");
    const { mid } = await h.person(who).dm("what is the price");
    await settled(who);
    // Meta retries: deliver the very body the sandbox delivered, twice more, correctly signed.
    const { deliveries } = await h.json<{ deliveries: { body: string }[] }>(
      "GET",
      `${h.sandbox}/control/deliveries`,
    );
    const body = deliveries.find((d) => d.body.includes(mid))?.body as string;
    expect(body).toBeTruthy();
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${h.base}/webhooks/instagram`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-hub-signature-256": signWebhookBody(body, sandboxSecret()),
        },
        body,
      });
      expect(res.status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await h.sent(who)).toHaveLength(1);
    expect(await activityOf(who)).toHaveLength(1);
  });

  it("concurrent deliveries are written together: each event once, a delivery's events in order", async () => {
    const who = await newPerson("burst");
    const delivery = (mids: string[]) => {
      const body = JSON.stringify({
        object: "instagram",
        entry: [
          {
            id: DEMO.account.id,
            time: Date.now(),
            messaging: mids.map((mid) => ({
              sender: { id: who },
              recipient: { id: DEMO.account.id },
              timestamp: Date.now(),
              message: { mid, text: `note ${mid}` },
            })),
          },
        ],
      });
      return fetch(`${h.base}/webhooks/instagram`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-hub-signature-256": signWebhookBody(body, sandboxSecret()),
        },
        body,
      });
    };
    const tag = `gc-${backendName.replace(/\W/g, "")}`;
    const ordered = Array.from({ length: 5 }, (_, i) => `${tag}-ordered-${i}`);
    const singles = Array.from({ length: 30 }, (_, i) => `${tag}-single-${i}`);
    const answers = await Promise.all([
      delivery(ordered),
      ...singles.map((mid) => delivery([mid])),
      // Meta redelivering the same events while the first copies are still being written.
      delivery([singles[0] as string]),
      delivery([singles[0] as string]),
      delivery(ordered),
    ]);
    expect(answers.map((r) => r.status).every((s) => s === 200)).toBe(true);
    const { rows } = await h.runtime.database.pool.query<{ id: string; dedupe_key: string }>(
      `select id, dedupe_key from autodm.inbound_events where person_id = $1 and dedupe_key like $2 order by id`,
      [who, `%${tag}%`],
    );
    expect(rows).toHaveLength(35);
    const keys = rows.map((r) => r.dedupe_key);
    const positions = ordered.map((mid) => keys.findIndex((k) => k.endsWith(mid)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("an echo (someone answering from the Instagram app) runs nothing and pauses the bot there", async () => {
    const who = await newPerson("handled");
    await h.person(who).dm("hello");
    await settled(who);
    const res = await h.echoFromApp(who, `mid-human-${backendName}`, "Hi, it's Anna, answering by hand");
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 800));
    const before = (await h.sent(who)).length;
    await h.person(who).dm("what's the price?");
    const rows = await settled(who, 2);
    expect(rows[0]).toMatchObject({ status: "skipped", reason: "bot_paused" });
    expect(await h.sent(who)).toHaveLength(before);
  });

  it("refuses unsigned or badly signed webhooks (401), bad JSON (400) and huge bodies (413)", async () => {
    const post = (body: string, signature?: string) =>
      fetch(`${h.base}/webhooks/instagram`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(signature ? { "x-hub-signature-256": signature } : {}),
        },
        body,
      });
    const secret = sandboxSecret();
    expect((await post('{"object":"instagram","entry":[]}')).status).toBe(401);
    expect((await post('{"object":"instagram","entry":[]}', signWebhookBody("other", secret))).status).toBe(
      401,
    );
    const bad = "{not json";
    const malformed = await post(bad, signWebhookBody(bad, secret));
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: "malformed" } });
    const unknown = '{"object":"whatsapp_business_account","entry":[]}';
    expect((await post(unknown, signWebhookBody(unknown, secret))).status).toBe(200);
    // Over its own connection: the server answers 413 before reading the rest, and a pooled
    // keep-alive socket left half-written would break the next test's requests.
    const huge = `{"x":"${"a".repeat(1_100_000)}"}`;
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${h.base}/webhooks/instagram`, {
        method: "POST",
        agent: false,
        headers: { "content-type": "application/json", "x-hub-signature-256": signWebhookBody(huge, secret) },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end(huge);
    });
    expect(status).toBe(413);
  });

  it("lists automations with counters and pages the activity log with filters", async () => {
    const { automations } = await h.json<{
      automations: { id: string; counters: { runs: number; comments: number } }[];
    }>("GET", `${h.base}/api/automations`);
    const link = automations.find((a) => a.id === ids.link);
    expect(link?.counters.runs).toBeGreaterThanOrEqual(1);
    expect(link?.counters.comments).toBeGreaterThanOrEqual(1);
    const skipped = await h.activity("&status=skipped");
    expect(skipped.every((a) => a.status === "skipped")).toBe(true);
    const page1 = await h.json<{ items: { id: number }[]; nextCursor: number | null }>(
      "GET",
      `${h.base}/api/activity?limit=2`,
    );
    expect(page1.items).toHaveLength(2);
    const page2 = await h.json<{ items: { id: number }[] }>(
      "GET",
      `${h.base}/api/activity?limit=2&cursor=${page1.nextCursor}`,
    );
    expect(page2.items[0]?.id).toBeLessThan(page1.items[1]?.id as number);
    const search = await h.activity("&q=LINK");
    expect(search.some((a) => a.incomingText === "LINK")).toBe(true);
    const bad = await fetch(`${h.base}/api/activity?status=maybe`, { headers: h.owner.headers() });
    expect(bad.status).toBe(400);
  });
});
