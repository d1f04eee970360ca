import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends } from "../../../test/support/backends.ts";
import { connectInstagram, type Kit, startKit, TEST_APP } from "../../../test/support/sandbox-test-kit.ts";
import { DEMO } from "./seed.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const REDIRECT = "https://app.example/cb";

describe.each(availableBackends())("sandbox OAuth on %s", (backendName) => {
  let kit: Kit;
  beforeAll(async () => {
    kit = await startKit(backendName);
  });
  afterAll(async () => {
    await kit?.stop();
  });

  const authorizeQuery = (extra: Record<string, string> = {}) =>
    new URLSearchParams({
      client_id: TEST_APP.id,
      redirect_uri: REDIRECT,
      response_type: "code",
      scope: "instagram_business_basic,instagram_business_manage_messages",
      state: "csrf-123",
      ...extra,
    });

  it("shows the Instagram dialog with the seeded accounts, and refuses a bad client", async () => {
    const page = await fetch(`${kit.base}/oauth/instagram/authorize?${authorizeQuery()}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Continue as @autodm_demo_shop");
    expect(html).toContain('<form method="post">');
    const bad = await fetch(`${kit.base}/oauth/instagram/authorize?${authorizeQuery({ client_id: "999" })}`);
    expect(bad.status).toBe(400);
    const badUri = await fetch(
      `${kit.base}/oauth/instagram/authorize?${authorizeQuery({ redirect_uri: "nope" })}`,
    );
    expect(badUri.status).toBe(400);
  });

  it("redirects on Cancel with Meta's error parameters", async () => {
    const q = authorizeQuery();
    const res = await fetch(`${kit.base}/oauth/instagram/authorize?${q}`, {
      method: "POST",
      body: new URLSearchParams({ ...Object.fromEntries(q), decision: "cancel" }),
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get("location") as string);
    expect(loc.origin + loc.pathname).toBe(REDIRECT);
    expect(Object.fromEntries(loc.searchParams)).toEqual({
      error: "access_denied",
      error_reason: "user_denied",
      error_description: "The user denied your request.",
      state: "csrf-123",
    });
  });

  it("runs Instagram Login end to end: Allow → code#_ → short token → long-lived → /me → subscribe", async () => {
    const q = authorizeQuery();
    const allow = await fetch(`${kit.base}/oauth/instagram/authorize?${q}`, {
      method: "POST",
      body: new URLSearchParams({ ...Object.fromEntries(q), choice: DEMO.account.id, decision: "allow" }),
      redirect: "manual",
    });
    expect(allow.status).toBe(302);
    const location = allow.headers.get("location") as string;
    expect(location.endsWith("#_")).toBe(true);
    const url = new URL(location);
    expect(url.searchParams.get("state")).toBe("csrf-123");
    const code = url.searchParams.get("code") as string;

    const form = {
      client_id: TEST_APP.id,
      client_secret: TEST_APP.secret,
      grant_type: "authorization_code",
      redirect_uri: REDIRECT,
      code,
    };
    const mismatch = await kit.call("POST", "/ig-api/oauth/access_token", {
      form: { ...form, redirect_uri: "https://other.example/cb" },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toEqual({
      error_type: "OAuthException",
      code: 400,
      error_message: expect.stringContaining("redirect_uri"),
    });

    const short = await kit.call("POST", "/ig-api/oauth/access_token", { form });
    expect(short.status).toBe(200);
    expect(short.body).toEqual({
      data: [
        {
          access_token: expect.stringMatching(/^IGAA/),
          user_id: DEMO.account.id,
          permissions: "instagram_business_basic,instagram_business_manage_messages",
        },
      ],
    });
    const again = await kit.call("POST", "/ig-api/oauth/access_token", { form });
    expect(again.status).toBe(400);
    expect(again.body.error_type).toBe("OAuthException");
    expect(again.body.error_message).toMatch(/already used/);

    const shortToken = short.body.data[0].access_token;
    const badSecret = await kit.call(
      "GET",
      `/ig-graph/access_token?grant_type=ig_exchange_token&client_secret=wrong&access_token=${shortToken}`,
    );
    expect(badSecret.status).toBe(400);
    expect(badSecret.body.error).toMatchObject({ type: "OAuthException", code: 1 });

    const long = await kit.call(
      "GET",
      `/ig-graph/access_token?grant_type=ig_exchange_token&client_secret=${TEST_APP.secret}&access_token=${shortToken}`,
    );
    expect(long.status).toBe(200);
    expect(long.body).toEqual({
      access_token: expect.stringMatching(/^IGAA/),
      token_type: "bearer",
      expires_in: expect.any(Number),
    });
    expect(long.body.expires_in).toBeGreaterThan(59 * 86_400);
    const token = long.body.access_token;

    const me = await kit.call("GET", "/ig-graph/v24.0/me?fields=user_id,username,name,profile_picture_url", {
      token,
    });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      user_id: DEMO.account.id,
      username: "autodm_demo_shop",
      name: "autodm Demo Shop",
      profile_picture_url: null,
    });
    expect(JSON.parse(me.headers.get("x-app-usage") as string)).toEqual({
      call_count: expect.any(Number),
      total_time: expect.any(Number),
      total_cputime: expect.any(Number),
    });
    expect(Object.keys(JSON.parse(me.headers.get("x-business-use-case-usage") as string))).toEqual([
      DEMO.account.id,
    ]);

    const viaQuery = await kit.call("GET", `/ig-graph/v21.0/me?fields=username&access_token=${token}`);
    expect(viaQuery.body).toEqual({ username: "autodm_demo_shop" });

    const sub = await kit.call(
      "POST",
      "/ig-graph/v24.0/me/subscribed_apps?subscribed_fields=messages,messaging_postbacks,comments",
      { token },
    );
    expect(sub.body).toEqual({ success: true });
    const listed = await kit.call("GET", `/ig-graph/v24.0/${DEMO.account.id}/subscribed_apps`, { token });
    expect(listed.body.data[0].subscribed_fields).toEqual(["messages", "messaging_postbacks", "comments"]);
    const unknownField = await kit.call(
      "POST",
      "/ig-graph/v24.0/me/subscribed_apps?subscribed_fields=bogus",
      { token },
    );
    expect(unknownField.body.error.code).toBe(100);
    expect((await kit.call("DELETE", "/ig-graph/v24.0/me/subscribed_apps", { token })).body).toEqual({
      success: true,
    });
    expect((await kit.call("GET", "/ig-graph/v24.0/me/subscribed_apps", { token })).body).toEqual({
      data: [],
    });
  });

  it("answers the unwrapped token reading when configured", async () => {
    await kit.control("PUT", "/settings", { tokenAnswer: "unwrapped" });
    try {
      const q = authorizeQuery();
      const allow = await fetch(`${kit.base}/oauth/instagram/authorize?${q}`, {
        method: "POST",
        body: new URLSearchParams({ ...Object.fromEntries(q), choice: DEMO.account.id, decision: "allow" }),
        redirect: "manual",
      });
      const code = `${new URL(allow.headers.get("location") as string).searchParams.get("code")}#_`;
      const res = await kit.call("POST", "/ig-api/oauth/access_token", {
        form: {
          client_id: TEST_APP.id,
          client_secret: TEST_APP.secret,
          grant_type: "authorization_code",
          redirect_uri: REDIRECT,
          code,
        },
      });
      expect(res.body).toEqual({
        access_token: expect.any(String),
        user_id: DEMO.account.id,
        permissions: expect.any(String),
      });
    } finally {
      await kit.control("PUT", "/settings", { tokenAnswer: "wrapped" });
    }
  });

  it("expires codes after an hour", async () => {
    const q = authorizeQuery();
    const allow = await fetch(`${kit.base}/oauth/instagram/authorize?${q}`, {
      method: "POST",
      body: new URLSearchParams({ ...Object.fromEntries(q), choice: DEMO.account.id, decision: "allow" }),
      redirect: "manual",
    });
    const code = new URL(allow.headers.get("location") as string).searchParams.get("code") as string;
    await kit.advance(HOUR + 1000);
    const res = await kit.call("POST", "/ig-api/oauth/access_token", {
      form: {
        client_id: TEST_APP.id,
        client_secret: TEST_APP.secret,
        grant_type: "authorization_code",
        redirect_uri: REDIRECT,
        code,
      },
    });
    expect(res.body).toEqual({
      error_type: "OAuthException",
      code: 400,
      error_message: "This authorization code has expired.",
    });
  });

  it("refreshes only long-lived tokens at least 24 h old and not expired", async () => {
    const { shortToken, longToken } = await connectInstagram(kit, DEMO.account.id);
    const refresh = (t: string) =>
      kit.call("GET", `/ig-graph/refresh_access_token?grant_type=ig_refresh_token&access_token=${t}`);

    const young = await refresh(longToken);
    expect(young.status).toBe(400);
    expect(young.body.error).toMatchObject({
      type: "OAuthException",
      code: 100,
      message: expect.stringContaining("24 hours"),
    });
    expect(young.body.error.fbtrace_id).toEqual(expect.any(String));

    await kit.advance(DAY + 1000);
    const shortExpired = await refresh(shortToken);
    expect(shortExpired.body.error).toMatchObject({ code: 190, error_subcode: 463 });

    const due = await kit.call(
      "GET",
      `/ig-graph/v24.0/refresh_access_token?grant_type=ig_refresh_token&access_token=${longToken}`,
    );
    expect(due.status).toBe(200);
    expect(due.body.token_type).toBe("bearer");
    expect(due.body.expires_in).toBeGreaterThan(59 * 86_400);
    const fresh = due.body.access_token;

    await kit.advance(61 * DAY);
    const expired = await refresh(fresh);
    expect(expired.status).toBe(400);
    expect(expired.body.error).toMatchObject({
      code: 190,
      error_subcode: 463,
      message: expect.stringMatching(/^Error validating access token: Session has expired on /),
    });
  });

  it("classifies bad tokens: unknown → 190 without subcode, expired by control → 463", async () => {
    const unknown = await kit.call("GET", "/ig-graph/v24.0/me", { token: "IGAAnot-a-real-token" });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      error: {
        message: "Invalid OAuth access token - Cannot parse access token",
        type: "OAuthException",
        code: 190,
        fbtrace_id: expect.any(String),
      },
    });
    const { longToken } = await connectInstagram(kit, DEMO.account.id);
    expect((await kit.call("GET", "/ig-graph/v24.0/me", { token: longToken })).status).toBe(200);
    const expired = await kit.control("POST", "/tokens/expire", { accountId: DEMO.account.id });
    expect(expired.body.expired).toBeGreaterThan(0);
    const after = await kit.call("GET", "/ig-graph/v24.0/me", { token: longToken });
    expect(after.body.error).toMatchObject({ code: 190, error_subcode: 463 });
    // A Facebook token on the Instagram host cannot be parsed there either.
    const missing = await kit.call("GET", "/ig-graph/v24.0/me");
    expect(missing.body.error.code).toBe(2500);
  });
});
