import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends } from "../../../test/support/backends.ts";
import { connectInstagram, type Kit, startKit, TEST_APP } from "../../../test/support/sandbox-test-kit.ts";
import { DEMO } from "./seed.ts";

const REDIRECT = "https://app.example/fb/cb";
const DAY = 86_400_000;

describe.each(availableBackends())("sandbox Facebook Login, faults and stream on %s", (backendName) => {
  let kit: Kit;
  beforeAll(async () => {
    kit = await startKit(backendName);
  });
  afterAll(async () => {
    await kit?.stop();
  });

  async function facebookCode() {
    const q = new URLSearchParams({
      client_id: TEST_APP.id,
      redirect_uri: REDIRECT,
      state: "st",
      scope: "pages_show_list,instagram_manage_messages",
    });
    const page = await fetch(`${kit.base}/oauth/facebook/dialog?${q}`);
    const html = await page.text();
    expect(html).toContain("Continue as Demo Owner");
    expect(html).toContain("(no Instagram account)");
    const allow = await fetch(`${kit.base}/oauth/facebook/dialog?${q}`, {
      method: "POST",
      body: new URLSearchParams({ ...Object.fromEntries(q), choice: DEMO.facebookUserId, decision: "allow" }),
      redirect: "manual",
    });
    expect(allow.status).toBe(302);
    const loc = allow.headers.get("location") as string;
    expect(loc.endsWith("#_")).toBe(true);
    return new URL(loc).searchParams.get("code") as string;
  }

  it("runs Facebook Login: code → user token → long-lived → /me/accounts with two linked Pages → Page send", async () => {
    const code = await facebookCode();
    const exchange = (c: string, redirect = REDIRECT) =>
      kit.call(
        "GET",
        `/fb-graph/v24.0/oauth/access_token?client_id=${TEST_APP.id}&redirect_uri=${encodeURIComponent(redirect)}&client_secret=${TEST_APP.secret}&code=${c}`,
      );
    const mismatch = await exchange(code, "https://evil.example/cb");
    expect(mismatch.body.error).toMatchObject({ code: 100, error_subcode: 36008 });
    const user = await exchange(code);
    expect(user.body).toEqual({
      access_token: expect.stringMatching(/^EAA/),
      token_type: "bearer",
      expires_in: expect.any(Number),
    });
    expect((await exchange(code)).body.error).toMatchObject({ code: 100, error_subcode: 36009 });

    const long = await kit.call(
      "GET",
      `/fb-graph/v24.0/oauth/access_token?grant_type=fb_exchange_token&client_id=${TEST_APP.id}&client_secret=${TEST_APP.secret}&fb_exchange_token=${user.body.access_token}`,
    );
    expect(long.body.expires_in).toBeGreaterThan(59 * 86_400);
    const userToken = long.body.access_token;
    expect((await kit.call("GET", "/fb-graph/v24.0/me?fields=id,name", { token: userToken })).body).toEqual({
      id: DEMO.facebookUserId,
      name: "Demo Owner",
    });

    const accounts = await kit.call(
      "GET",
      "/fb-graph/v24.0/me/accounts?fields=name,access_token,tasks,instagram_business_account",
      { token: userToken },
    );
    expect(accounts.body.data).toHaveLength(3);
    const shop = accounts.body.data.find((p: { id: string }) => p.id === DEMO.account.pageId);
    expect(shop).toEqual({
      id: DEMO.account.pageId,
      name: "Demo Shop",
      access_token: expect.stringMatching(/^EAA/),
      tasks: expect.any(Array),
      instagram_business_account: { id: DEMO.account.id },
    });
    const blog = accounts.body.data.find((p: { id: string }) => p.id === DEMO.pageWithoutInstagram);
    expect(blog.instagram_business_account).toBeUndefined();
    const pageToken = shop.access_token;

    // The Instagram token does not work on the Facebook host, and vice versa.
    const { longToken: igToken } = await connectInstagram(kit, DEMO.account.id);
    expect((await kit.call("GET", "/fb-graph/v24.0/me", { token: igToken })).body.error.code).toBe(190);
    expect((await kit.call("GET", "/ig-graph/v24.0/me", { token: pageToken })).body.error.code).toBe(190);

    expect(
      (
        await kit.call(
          "POST",
          `/fb-graph/v24.0/${DEMO.account.pageId}/subscribed_apps?subscribed_fields=messages,comments`,
          { token: pageToken },
        )
      ).body,
    ).toEqual({ success: true });
    const subs = await kit.control("GET", "/subscriptions");
    expect(
      subs.body.subscriptions.find((s: { targetId: string }) => s.targetId === DEMO.account.pageId).fields,
    ).toEqual(["messages", "comments"]);

    await kit.control("POST", `/people/${DEMO.people.follower}/messages`, { text: "hi page" });
    const viaPage = await kit.call("POST", `/fb-graph/v24.0/${DEMO.account.pageId}/messages`, {
      token: pageToken,
      json: { recipient: { id: DEMO.people.follower }, message: { text: "from the page" } },
    });
    expect(viaPage.body).toEqual({ recipient_id: DEMO.people.follower, message_id: expect.any(String) });
    const viaIgId = await kit.call("POST", `/fb-graph/v24.0/${DEMO.account.id}/messages`, {
      token: pageToken,
      json: { recipient: { id: DEMO.people.follower }, message: { text: "x" } },
    });
    expect(viaIgId.body.error).toMatchObject({
      code: 3,
      message: "(#3) Application does not have the capability to make this API call.",
    });

    const comment = await kit.control("POST", `/people/${DEMO.people.nonFollower}/comments`, {
      mediaId: DEMO.media.post1,
      text: "info",
    });
    const pr = await kit.call("POST", `/fb-graph/v24.0/${DEMO.account.pageId}/messages`, {
      token: pageToken,
      json: { recipient: { comment_id: comment.body.id }, message: { text: "private" } },
    });
    expect(pr.status).toBe(200);
    const convs = await kit.call(
      "GET",
      `/fb-graph/v24.0/${DEMO.account.pageId}/conversations?platform=instagram`,
      { token: pageToken },
    );
    expect(convs.body.data.length).toBeGreaterThan(0);

    // Page tokens from a long-lived user token do not expire.
    await kit.advance(90 * DAY);
    expect((await kit.call("GET", "/fb-graph/v24.0/me", { token: pageToken })).body).toEqual({
      id: DEMO.account.pageId,
      name: "Demo Shop",
    });
    expect((await kit.call("GET", "/fb-graph/v24.0/me", { token: userToken })).body.error).toMatchObject({
      code: 190,
      error_subcode: 463,
    });
  });

  it("injects faults deterministically: a share of 500s and 613s, and a delay", async () => {
    const { longToken } = await connectInstagram(kit, DEMO.account.id);
    await kit.control("PUT", "/faults", { errorShare: 0.5 });
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push(await kit.call("GET", "/ig-graph/v24.0/me", { token: longToken }));
    expect(statuses.map((s) => s.status)).toEqual([200, 500, 200, 500]);
    expect(statuses[1]?.body.error).toMatchObject({
      message: "An unexpected error has occurred. Please retry your request later.",
      type: "OAuthException",
      is_transient: true,
      code: 2,
    });
    await kit.control("PUT", "/faults", { rateLimitShare: 1, regainAccessMinutes: 5 });
    const limited = await kit.call("GET", "/ig-graph/v24.0/me", { token: longToken });
    expect(limited.body.error.code).toBe(613);
    // How long to wait, as Meta says it: minutes, in the business use case usage header.
    const usage = JSON.parse(limited.headers.get("x-business-use-case-usage") ?? "{}");
    expect(Object.values(usage).flat()).toContainEqual(
      expect.objectContaining({ estimated_time_to_regain_access: 5 }),
    );
    await kit.control("PUT", "/faults", { delayMs: 150 });
    const started = Date.now();
    expect((await kit.call("GET", "/ig-graph/v24.0/me", { token: longToken })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await kit.control("PUT", "/faults", {});
    expect((await kit.control("GET", "/faults")).body.faults).toEqual({
      errorShare: 0,
      rateLimitShare: 0,
      timeoutShare: 0,
      timeoutMs: 15_000,
      delayMs: 0,
      regainAccessMinutes: 0,
    });
  });

  it("streams new thread items as Server-Sent Events", async () => {
    const controller = new AbortController();
    const res = await fetch(`${kit.base}/control/stream?accountId=${DEMO.account.id}`, {
      signal: controller.signal,
    });
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = "";
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        text += decoder.decode(value);
      }
    };
    await readUntil("event: ready");
    await kit.control("POST", `/people/${DEMO.people.follower}/messages`, { text: "live update" });
    await readUntil("live update");
    expect(text).toMatch(/event: item\ndata: .*"text":"live update"/);
    controller.abort();
  });

  it("validates control bodies with the app's error shape", async () => {
    const res = await kit.control("POST", "/clock", { advanceMs: -5 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    const missing = await kit.control("POST", "/people/1234/messages", { text: "x" });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: "not_found", message: "person 1234 not found" } });
  });
});
