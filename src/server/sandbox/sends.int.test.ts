import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends } from "../../../test/support/backends.ts";
import { connectInstagram, type Kit, startKit } from "../../../test/support/sandbox-test-kit.ts";
import { DEMO } from "./seed.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const { follower, nonFollower, closed } = DEMO.people;

describe.each(availableBackends())("sandbox Send API rules on %s", (backendName) => {
  let kit: Kit;
  let token: string;
  const send = (body: unknown, path = "/ig-graph/v24.0/me/messages") =>
    kit.call("POST", path, { token, json: body });
  const dm = (igsid: string, text = "hi") => kit.control("POST", `/people/${igsid}/messages`, { text });
  const comment = (igsid: string, text = "PRICE", mediaId: string = DEMO.media.post1, parentId?: string) =>
    kit.control("POST", `/people/${igsid}/comments`, { mediaId, text, ...(parentId ? { parentId } : {}) });

  beforeAll(async () => {
    kit = await startKit(backendName);
    token = (await connectInstagram(kit, DEMO.account.id)).longToken;
  });
  afterAll(async () => {
    await kit?.stop();
  });

  it("refuses a send before the person wrote, allows it inside 24 h, refuses after", async () => {
    const before = await send({ recipient: { id: follower }, message: { text: "hello" } });
    expect(before.status).toBe(400);
    expect(before.body.error).toMatchObject({ type: "OAuthException", code: 10, error_subcode: 2534022 });

    expect((await dm(follower, "hi there")).status).toBe(201);
    const inside = await send({ recipient: { id: follower }, message: { text: "hello back" } });
    expect(inside.status).toBe(200);
    expect(inside.body).toEqual({ recipient_id: follower, message_id: expect.any(String) });

    await kit.advance(DAY + 1000);
    const after = await send({ recipient: { id: follower }, message: { text: "too late" } });
    expect(after.body.error).toMatchObject({ code: 10, error_subcode: 2534022 });
    // A human agent may still answer for 7 days.
    const agent = await send({
      recipient: { id: follower },
      messaging_type: "MESSAGE_TAG",
      tag: "HUMAN_AGENT",
      message: { text: "a person here" },
    });
    expect(agent.status).toBe(200);
    // A postback reopens the window.
    await kit.control("POST", `/people/${follower}/postbacks`, { title: "Talk to us", payload: "CARE" });
    expect((await send({ recipient: { id: follower }, message: { text: "again" } })).status).toBe(200);

    const thread = await kit.control("GET", `/threads?accountId=${DEMO.account.id}&personId=${follower}`);
    expect(
      thread.body.items.map((i: { direction: string; kind: string }) => `${i.direction}:${i.kind}`),
    ).toEqual([
      "inbound:message",
      "outbound:message",
      "outbound:message",
      "inbound:postback",
      "outbound:message",
    ]);
  });

  it("validates bodies with Meta's code 100 errors", async () => {
    await dm(nonFollower);
    const tooLong = await send({ recipient: { id: nonFollower }, message: { text: "é".repeat(501) } });
    expect(tooLong.body.error).toMatchObject({
      code: 100,
      message: "(#100) Length of param message[text] must be less than or equal to 1000",
    });
    expect((await send({ recipient: { id: nonFollower }, message: { text: "é".repeat(500) } })).status).toBe(
      200,
    );

    const qr = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ content_type: "text", title: `Q${i}`, payload: `P${i}` }));
    expect(
      (await send({ recipient: { id: nonFollower }, message: { text: "pick", quick_replies: qr(14) } })).body
        .error.code,
    ).toBe(100);
    expect(
      (await send({ recipient: { id: nonFollower }, message: { text: "pick", quick_replies: qr(13) } }))
        .status,
    ).toBe(200);

    const buttons = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ type: "postback", title: `B${i}`, payload: `P${i}` }));
    const buttonTemplate = (n: number) => ({
      attachment: {
        type: "template",
        payload: { template_type: "button", text: "Choose", buttons: buttons(n) },
      },
    });
    expect((await send({ recipient: { id: nonFollower }, message: buttonTemplate(4) })).body.error.code).toBe(
      100,
    );
    expect((await send({ recipient: { id: nonFollower }, message: buttonTemplate(3) })).status).toBe(200);
    const generic = {
      attachment: {
        type: "template",
        payload: {
          template_type: "generic",
          elements: [
            { title: "Shoe", subtitle: "Red", image_url: "https://x.example/a.jpg", buttons: buttons(3) },
          ],
        },
      },
    };
    expect((await send({ recipient: { id: nonFollower }, message: generic })).status).toBe(200);
    expect(
      (
        await send({
          recipient: { id: nonFollower },
          message: { attachment: { type: "image", payload: { url: "https://x.example/a.jpg" } } },
        })
      ).status,
    ).toBe(200);
    for (const action of ["typing_on", "typing_off", "mark_seen"]) {
      expect((await send({ recipient: { id: nonFollower }, sender_action: action })).body).toEqual({
        recipient_id: nonFollower,
      });
    }

    const unknown = await send({ recipient: { id: "9999999999999999" }, message: { text: "who" } });
    expect(unknown.body.error).toMatchObject({
      code: 100,
      error_subcode: 2534014,
      message: "No matching user found",
    });
    const unavailable = await send({ recipient: { id: closed }, message: { text: "hi" } });
    expect(unavailable.body.error).toMatchObject({
      code: 551,
      message: "This person isn't available right now.",
    });
    const noRecipient = await send({ message: { text: "hi" } });
    expect(noRecipient.body.error.code).toBe(100);
  });

  it("allows one private reply per comment, within 7 days, without opening the window", async () => {
    const person = (
      await kit.control("POST", "/people", {
        username: `pr_${backendName.replace(/\W/g, "")}`,
        followsBusiness: false,
      })
    ).body.person.igsid;
    const c1 = (await comment(person, "PRICE")).body.id;
    const reply = await send({ recipient: { comment_id: c1 }, message: { text: "Here is the price" } });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ recipient_id: person, message_id: expect.any(String) });
    const second = await send({ recipient: { comment_id: c1 }, message: { text: "again" } });
    expect(second.body.error).toMatchObject({ code: 10 });
    expect(second.body.error.error_subcode).toBeUndefined();
    // The comment did not open the window.
    expect(
      (await send({ recipient: { id: person }, message: { text: "follow-up" } })).body.error,
    ).toMatchObject({ code: 10, error_subcode: 2534022 });

    const c2 = (await comment(person, "old one")).body.id;
    await kit.advance(7 * DAY + 1000);
    const late = await send({ recipient: { comment_id: c2 }, message: { text: "late" } });
    expect(late.body.error).toMatchObject({ code: 10, message: expect.stringContaining("7 days") });

    const messages = await kit.control("GET", `/messages?accountId=${DEMO.account.id}`);
    expect(messages.body.messages.filter((m: { kind: string }) => m.kind === "private_reply")).toHaveLength(
      1,
    );
  });

  it("answers public replies on top-level comments only", async () => {
    const top = (await comment(follower, "nice")).body.id;
    const reply = await kit.call(
      "POST",
      `/ig-graph/v24.0/${top}/replies?message=${encodeURIComponent("Thanks!")}`,
      { token },
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ id: expect.any(String) });
    const nested = await kit.call("POST", `/ig-graph/v24.0/${reply.body.id}/replies?message=x`, { token });
    expect(nested.body.error.code).toBe(100);
    const personNested = (await comment(nonFollower, "me too", DEMO.media.post1, top)).body.id;
    expect(
      (await kit.call("POST", `/ig-graph/v24.0/${personNested}/replies`, { token, form: { message: "x" } }))
        .body.error.code,
    ).toBe(100);
    const messages = await kit.control("GET", `/messages?accountId=${DEMO.account.id}`);
    expect(messages.body.messages.some((m: { kind: string }) => m.kind === "public_reply")).toBe(true);
  });

  it("limits private replies per hour (configurable from 750), reset by advancing the clock", async () => {
    expect((await kit.control("GET", "/settings")).body.settings.privateRepliesPerHour).toBe(750);
    await kit.control("PUT", "/settings", { privateRepliesPerHour: 3 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push((await comment(nonFollower, `c${i}`, DEMO.media.reel)).body.id);
      for (let i = 0; i < 3; i++)
        expect((await send({ recipient: { comment_id: ids[i] }, message: { text: "dm" } })).status).toBe(200);
      const limited = await send({ recipient: { comment_id: ids[3] }, message: { text: "dm" } });
      expect(limited.body.error).toEqual({
        message: "Calls to this api have exceeded the rate limit.",
        type: "OAuthException",
        code: 613,
        fbtrace_id: expect.any(String),
      });
      await kit.advance(HOUR + 1000);
      expect((await send({ recipient: { comment_id: ids[3] }, message: { text: "dm" } })).status).toBe(200);
    } finally {
      await kit.control("PUT", "/settings", { privateRepliesPerHour: 750 });
    }
  });

  it("limits sends per second per account with 613", async () => {
    await dm(follower);
    await kit.control("PUT", "/settings", { sendsPerSecond: 3 });
    try {
      const results = [];
      for (let i = 0; i < 5; i++)
        results.push((await send({ recipient: { id: follower }, message: { text: `m${i}` } })).body);
      expect(results.some((r) => r.error?.code === 613)).toBe(true);
    } finally {
      await kit.control("PUT", "/settings", { sendsPerSecond: 100 });
    }
  });

  it("reads conversations, messages and profiles (consent needed)", async () => {
    const convs = await kit.call(
      "GET",
      `/ig-graph/v24.0/${DEMO.account.id}/conversations?platform=instagram&limit=1`,
      { token },
    );
    expect(convs.status).toBe(200);
    expect(convs.body.data).toHaveLength(1);
    expect(convs.body.paging.cursors.after).toEqual(expect.any(String));
    const next = await kit.call(
      "GET",
      `/ig-graph/v24.0/me/conversations?platform=instagram&limit=1&after=${convs.body.paging.cursors.after}`,
      { token },
    );
    expect(next.body.data[0].id).not.toBe(convs.body.data[0].id);
    expect(convs.body.paging.next).toMatch(
      new RegExp(`^${kit.base}/ig-graph/v24.0/${DEMO.account.id}/conversations\\?`),
    );
    expect(convs.headers.get("facebook-api-version")).toBe("v24.0");
    const one = await kit.call(
      "GET",
      `/ig-graph/v24.0/me/conversations?platform=instagram&user_id=${follower}`,
      { token },
    );
    expect(one.body.data).toHaveLength(1);
    const conv = await kit.call("GET", `/ig-graph/v24.0/${one.body.data[0].id}?fields=messages`, { token });
    const mid = conv.body.messages.data[0].id;
    const msg = await kit.call("GET", `/ig-graph/v24.0/${mid}?fields=id,created_time,from,to,message`, {
      token,
    });
    expect(msg.body).toMatchObject({
      id: mid,
      created_time: expect.stringMatching(/\+0000$/),
      from: { id: expect.any(String) },
      to: { data: [expect.any(Object)] },
    });

    const profile = await kit.call(
      "GET",
      `/ig-graph/v24.0/${follower}?fields=name,username,profile_pic,follower_count,is_user_follow_business,is_business_follow_user,is_verified_user`,
      { token },
    );
    expect(profile.body).toEqual({
      id: follower,
      name: "Jane Follower",
      username: "jane_follows",
      profile_pic: null,
      follower_count: 320,
      is_user_follow_business: true,
      is_business_follow_user: false,
      is_verified_user: false,
    });
    const commenter = (
      await kit.control("POST", "/people", { username: `only_comments_${backendName.replace(/\W/g, "")}` })
    ).body.person.igsid;
    await comment(commenter, "hello");
    const noConsent = await kit.call("GET", `/ig-graph/v24.0/${commenter}?fields=name,username`, { token });
    expect(noConsent.body.error.code).toBe(230);
  });
});
