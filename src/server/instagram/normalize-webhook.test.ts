import { describe, expect, it } from "vitest";
import {
  FIXTURE_MS,
  FIXTURE_S,
  fixtureMid,
  webhookFixtures as fx,
  FIXTURE_IDS as ID,
  messagingBodies,
  messagingBody,
  messagingItem,
} from "../../../test/support/webhook-fixtures.ts";
import type { InboundEvent } from "./inbound-event.ts";
import { normalizeWebhook } from "./normalize-webhook.ts";

/** Normalizes a body that must yield exactly one event and nothing ignored. */
function one(body: unknown, options?: { accountIds?: ReadonlySet<string> }): InboundEvent {
  const { events, ignored } = normalizeWebhook(body, options);
  expect(ignored).toEqual([]);
  expect(events).toHaveLength(1);
  return events[0] as InboundEvent;
}

const inbound = {
  igAccountId: ID.account,
  personId: ID.person,
  timestamp: FIXTURE_MS,
  form: "messaging",
  isEcho: false,
  isSelf: false,
} as const;

describe("normalizeWebhook: messaging events (entry[].messaging[])", () => {
  it("text message", () => {
    expect(one(fx.text)).toEqual({
      ...inbound,
      kind: "message",
      dedupeKey: `m:${fixtureMid("text")}`,
      messageId: fixtureMid("text"),
      text: "hi",
    });
  });

  it("quick reply", () => {
    expect(one(fx.quickReply)).toEqual({
      ...inbound,
      kind: "quick_reply",
      dedupeKey: `m:${fixtureMid("quick-reply")}`,
      messageId: fixtureMid("quick-reply"),
      text: "Yes",
      quickReply: { payload: "YES" },
    });
  });

  it("story reply: storyId and storyUrl in replyTo, storyId on the event", () => {
    const e = one(fx.storyReply);
    expect(e).toMatchObject({ ...inbound, kind: "story_reply", text: "wow", storyId: ID.story });
    expect(e.replyTo).toEqual({ storyId: ID.story, storyUrl: expect.stringMatching(/^https:\/\/scontent/) });
    expect(e.dedupeKey).toBe(`m:${fixtureMid("story-reply")}`);
  });

  it("reply to a message: still a message, replyTo.messageId set", () => {
    expect(one(fx.replyToMessage)).toMatchObject({
      ...inbound,
      kind: "message",
      text: "ok",
      replyTo: { messageId: fixtureMid("text") },
    });
  });

  it("story mention (attachment story_mention), CDN URL kept as given", () => {
    const e = one(fx.storyMention);
    expect(e.kind).toBe("story_mention");
    expect(e.attachments).toEqual([
      {
        type: "story_mention",
        url: messagingBodies.storyMention.message.attachments[0].payload.url,
      },
    ]);
    expect(e.text).toBeUndefined();
  });

  it("image attachment", () => {
    const e = one(fx.image);
    expect(e).toMatchObject({ ...inbound, kind: "message", dedupeKey: `m:${fixtureMid("image")}` });
    expect(e.attachments).toEqual([{ type: "image", url: expect.stringContaining("lookaside.fbsbx.com") }]);
  });

  it("every documented attachment type", () => {
    const e = one(fx.allAttachmentTypes);
    expect(e.attachments?.map((a) => a.type)).toEqual([
      "audio",
      "file",
      "image",
      "video",
      "share",
      "ig_post",
      "story_mention",
      "ig_reel",
      "reel",
      "story",
      "ig_story",
    ]);
    expect(e.attachments?.every((a) => a.url?.startsWith("https://"))).toBe(true);
  });

  it("deleted message", () => {
    expect(one(fx.deleted)).toEqual({
      ...inbound,
      kind: "delete",
      dedupeKey: `del:${fixtureMid("text")}`,
      messageId: fixtureMid("text"),
    });
  });

  it("unsupported message", () => {
    expect(one(fx.unsupported)).toMatchObject({ ...inbound, kind: "unsupported" });
  });

  it("echo: filed under the account (sender), personId = recipient, isEcho", () => {
    expect(one(fx.echo)).toEqual({
      ...inbound,
      kind: "echo",
      isEcho: true,
      dedupeKey: `m:${fixtureMid("echo")}`,
      messageId: fixtureMid("echo"),
      text: "sent by the business",
    });
  });

  it("message with text and a referral: kind message, referral set", () => {
    expect(one(fx.messageReferral)).toMatchObject({
      ...inbound,
      kind: "message",
      text: "hi",
      referral: { ref: "x", source: "ADS", type: "OPEN_THREAD" },
    });
  });

  it("message with a referral and no text: kind referral", () => {
    const body = messagingBody([
      messagingItem({
        message: { mid: "mref", referral: { ref: "ad7", source: "ADS", type: "OPEN_THREAD" } },
      }),
    ]);
    expect(one(body)).toMatchObject({ kind: "referral", dedupeKey: "m:mref", referral: { ref: "ad7" } });
  });

  it("postback", () => {
    expect(one(fx.postback)).toEqual({
      ...inbound,
      kind: "postback",
      dedupeKey: `pb:${fixtureMid("postback")}`,
      messageId: fixtureMid("postback"),
      postback: { title: "Talk to us", payload: "CARE_HELP" },
    });
  });

  it("postback without mid: keyed by sender, time and payload", () => {
    const body = messagingBody([messagingItem({ postback: { title: "Go", payload: "GO" } })]);
    expect(one(body).dedupeKey).toBe(`pb:${ID.person}:${FIXTURE_MS}:GO`);
  });

  it("reaction", () => {
    expect(one(fx.reaction)).toEqual({
      ...inbound,
      timestamp: FIXTURE_MS + 10,
      kind: "reaction",
      dedupeKey: `rx:${fixtureMid("text")}:react:${FIXTURE_MS + 10}`,
      messageId: fixtureMid("text"),
      reaction: { messageId: fixtureMid("text"), reaction: "love", emoji: "\u2764\ufe0f" },
    });
  });

  it("unreaction", () => {
    expect(one(fx.unreaction)).toMatchObject({
      kind: "unreaction",
      dedupeKey: `rx:${fixtureMid("text")}:unreact:${FIXTURE_MS + 20}`,
      reaction: { messageId: fixtureMid("text") },
    });
  });

  it("read", () => {
    expect(one(fx.read)).toEqual({
      ...inbound,
      kind: "read",
      dedupeKey: `read:${fixtureMid("echo")}:${ID.person}`,
      messageId: fixtureMid("echo"),
    });
  });

  it("read with a watermark and no mid", () => {
    const body = messagingBody([messagingItem({ read: { watermark: 1_717_999_999_000 } })]);
    expect(one(body).dedupeKey).toBe(`read:1717999999000:${ID.person}`);
  });

  it("standalone referral (ig.me link)", () => {
    expect(one(fx.referral)).toEqual({
      ...inbound,
      kind: "referral",
      dedupeKey: `ref:${ID.person}:${FIXTURE_MS}:promo42`,
      referral: { ref: "promo42", source: "IGME_SOURCE_LINK", type: "OPEN_THREAD" },
    });
  });

  it("message edit", () => {
    expect(one(fx.edit)).toEqual({
      ...inbound,
      timestamp: FIXTURE_MS + 30,
      kind: "edit",
      dedupeKey: `edit:${fixtureMid("text")}:1`,
      messageId: fixtureMid("text"),
      text: "edited",
      editCount: 1,
    });
  });

  it("keeps text exactly as sent (no trimming, unicode intact)", () => {
    const text = "  PRICE \u00e9\u{1F600}\n";
    const body = messagingBody([messagingItem({ message: { mid: "mt", text } })]);
    expect(one(body).text).toBe(text);
  });
});

describe("normalizeWebhook: other forms", () => {
  it("batched: 2 entries × 3 messaging items, each filed under its account", () => {
    const { events, ignored } = normalizeWebhook(fx.batched);
    expect(ignored).toEqual([]);
    expect(events.map((e) => [e.igAccountId, e.personId, e.text])).toEqual([
      [ID.account, ID.person, "message 0"],
      [ID.account, ID.person, "message 1"],
      [ID.account, ID.otherPerson, "message 2"],
      [ID.otherAccount, ID.person, "message 0"],
      [ID.otherAccount, ID.person, "message 1"],
      [ID.otherAccount, ID.otherPerson, "message 2"],
    ]);
    expect(new Set(events.map((e) => e.dedupeKey)).size).toBe(6);
  });

  it("standby: form standby", () => {
    expect(one(fx.standby)).toMatchObject({
      ...inbound,
      kind: "message",
      form: "standby",
      text: "anyone there?",
    });
  });

  it('object "page": the IG account is the recipient, not the Page id of entry[].id', () => {
    expect(one(fx.pageObject)).toMatchObject({ ...inbound, kind: "message", igAccountId: ID.account });
  });

  it('object "page" echo: the IG account is the sender', () => {
    expect(one(fx.pageObjectEcho)).toMatchObject({
      kind: "echo",
      igAccountId: ID.account,
      personId: ID.person,
      isEcho: true,
    });
  });

  it("dashboard test payload: form test, value read as a messaging item, seconds-string timestamp", () => {
    expect(one(fx.dashboardTest)).toEqual({
      kind: "message",
      igAccountId: "23245",
      personId: "12334",
      timestamp: 1_527_459_824_000,
      form: "test",
      dedupeKey: "m:random_mid",
      messageId: "random_mid",
      text: "random_text",
      isEcho: false,
      isSelf: false,
    });
  });

  it("a messaging item without timestamp falls back on the entry time", () => {
    const body = messagingBody([
      { sender: { id: ID.person }, recipient: { id: ID.account }, message: { mid: "mx" } },
    ]);
    expect(one(body).timestamp).toBe(FIXTURE_MS + 500);
  });

  it("a sender in accountIds without is_echo (e.g. a reaction from the app) is the business side", () => {
    const body = messagingBody([
      messagingItem(
        { reaction: { mid: "m1", action: "react", reaction: "love" } },
        { sender: ID.account, recipient: ID.person },
      ),
    ]);
    expect(one(body, { accountIds: new Set([ID.account]) })).toMatchObject({
      kind: "reaction",
      igAccountId: ID.account,
      personId: ID.person,
      isEcho: true,
    });
  });
});

describe("normalizeWebhook: field events (changes)", () => {
  const commentBase = {
    igAccountId: ID.account,
    timestamp: FIXTURE_S * 1000,
    form: "changes",
    isEcho: false,
  };

  it("comment", () => {
    expect(one(fx.comment)).toEqual({
      ...commentBase,
      kind: "comment",
      personId: ID.person,
      dedupeKey: `c:${ID.comment}`,
      text: "PRICE",
      comment: {
        id: ID.comment,
        parentId: ID.parentComment,
        mediaId: ID.media,
        mediaProductType: "FEED",
        username: "jane",
      },
      isSelf: false,
    });
  });

  it("live comment", () => {
    expect(one(fx.liveComment)).toMatchObject({
      ...commentBase,
      kind: "live_comment",
      dedupeKey: "c:17999123456789012",
      text: "LINK",
      comment: { id: "17999123456789012", mediaProductType: "LIVE" },
    });
  });

  it("Facebook-Login comment: comment_id instead of id", () => {
    expect(one(fx.commentFacebookLogin)).toMatchObject({
      kind: "comment",
      personId: ID.otherPerson,
      dedupeKey: "c:17865799348089039",
      comment: { id: "17865799348089039", mediaId: ID.media, mediaProductType: "REELS", username: "sam" },
    });
  });

  it("ad comment: adId, adTitle, originalMediaId", () => {
    expect(one(fx.adComment).comment).toEqual({
      id: "17933344455566677",
      mediaId: ID.adMedia,
      mediaProductType: "FEED",
      adId: ID.ad,
      adTitle: "Summer sale",
      originalMediaId: ID.media,
      username: "jane",
    });
  });

  it("own comment (from.id = the account) → isSelf", () => {
    expect(one(fx.ownComment)).toMatchObject({ kind: "comment", personId: ID.account, isSelf: true });
  });

  it("a comment from one of options.accountIds → isSelf", () => {
    const body = { ...fx.comment, entry: [{ ...fx.comment.entry[0], id: ID.page }] };
    expect(one(body).isSelf).toBe(false);
    expect(one(body, { accountIds: new Set([ID.person]) }).isSelf).toBe(true);
  });

  it("flat comment: field/value on the entry", () => {
    expect(one(fx.flatComment)).toMatchObject({
      ...commentBase,
      kind: "comment",
      dedupeKey: "c:17877788899900011",
      text: "info",
    });
  });

  it("mention in a comment (Facebook Login): personId unknown", () => {
    expect(one(fx.mentionInComment)).toEqual({
      ...commentBase,
      kind: "mention",
      personId: "",
      dedupeKey: "mention:17888899900011122",
      comment: { id: "17888899900011122", mediaId: ID.media },
      mediaId: ID.media,
      isSelf: false,
    });
  });

  it("mention in a caption (media only)", () => {
    expect(one(fx.mentionInCaption)).toMatchObject({
      kind: "mention",
      dedupeKey: "mention:17899900011122233",
      mediaId: "17899900011122233",
    });
  });

  it("unknown field is ignored, not thrown", () => {
    const body = {
      object: "instagram",
      entry: [{ id: ID.account, time: FIXTURE_S, changes: [{ field: "story_insights", value: {} }] }],
    };
    expect(normalizeWebhook(body)).toEqual({
      events: [],
      ignored: [{ path: "entry[0].changes[0]", reason: 'unsupported field "story_insights"' }],
    });
  });
});

describe("normalizeWebhook: robustness", () => {
  it.each([null, [], "x", 42, true, undefined])("non-object body %j → no events, one reason", (body) => {
    const { events, ignored } = normalizeWebhook(body);
    expect(events).toEqual([]);
    expect(ignored).toHaveLength(1);
    expect(ignored[0]?.path).toBe("$");
  });

  it.each([
    [{}, "$"],
    [{ object: "instagram" }, "$"],
    [{ object: "instagram", entry: {} }, "$"],
    [{ object: "whatsapp_business_account", entry: [] }, "object"],
    [{ object: "instagram", entry: [] }, "entry"],
  ])("envelope %j → one reason at %s", (body, path) => {
    const { events, ignored } = normalizeWebhook(body);
    expect(events).toEqual([]);
    expect(ignored).toEqual([{ path, reason: expect.any(String) }]);
  });

  it("malformed items mixed with good ones: good ones survive, bad ones are listed", () => {
    const good = (n: number) => messagingItem({ message: { mid: `good-${n}`, text: `t${n}` } });
    const body = {
      object: "instagram",
      entry: [
        {
          id: ID.account,
          time: FIXTURE_MS,
          messaging: [
            good(0),
            {
              recipient: { id: ID.account },
              timestamp: FIXTURE_MS,
              message: { mid: "no-sender", text: "x" },
            },
            messagingItem({ message: { mid: "bad-text", text: 42 } }),
            "not an item",
            messagingItem({ delivery: { mids: ["m1"], watermark: 1 } }),
            messagingItem({ reaction: { mid: "m1", action: "poke" } }),
            messagingItem({ message: { text: "no mid" } }),
            good(1),
          ],
        },
        "not an entry",
        { id: ID.account, time: FIXTURE_MS, messaging: { not: "an array" } },
        { id: ID.account, time: FIXTURE_MS },
        { id: { nested: true }, messaging: [good(9)] },
        {
          id: ID.account,
          time: FIXTURE_S,
          changes: [
            { field: "comments", value: { id: "c1", text: "no from" } },
            { field: "comments", value: { from: { id: ID.person }, text: "no id" } },
            { value: {} },
            null,
            { field: "mentions", value: {} },
            { field: "comments", value: { id: "c2", text: "ok", from: { id: ID.person } } },
          ],
        },
        { id: ID.account, messaging: [good(2)], changes: "nope" },
      ],
    };
    const { events, ignored } = normalizeWebhook(body);
    expect(events.map((e) => e.dedupeKey)).toEqual(["m:good-0", "m:good-1", "c:c2", "m:good-2"]);
    expect(ignored.map((i) => i.path)).toEqual([
      "entry[0].messaging[1]",
      "entry[0].messaging[2]",
      "entry[0].messaging[3]",
      "entry[0].messaging[4]",
      "entry[0].messaging[5]",
      "entry[0].messaging[6]",
      "entry[1]",
      "entry[2].messaging",
      "entry[3]",
      "entry[4]",
      "entry[5].changes[0]",
      "entry[5].changes[1]",
      "entry[5].changes[2]",
      "entry[5].changes[3]",
      "entry[5].changes[4]",
      "entry[6].changes",
    ]);
    expect(ignored[0]?.reason).toMatch(/sender/);
    expect(ignored[3]?.reason).toBe("unsupported messaging event (delivery)");
    expect(ignored[8]?.reason).toBe("entry has no messaging, standby or changes");
    for (const i of ignored) expect(i.reason.length).toBeGreaterThan(0);
  });

  it("a bad attachment is skipped (and listed) without dropping the message", () => {
    const body = messagingBody([
      messagingItem({
        message: { mid: "ma", attachments: [{ payload: { url: "u" } }, { type: "video", payload: null }] },
      }),
    ]);
    const { events, ignored } = normalizeWebhook(body);
    expect(events[0]).toMatchObject({ kind: "message", attachments: [{ type: "video" }] });
    expect(ignored).toEqual([
      { path: "entry[0].messaging[0].message.attachments[0]", reason: expect.any(String) },
    ]);
  });

  it("never throws on arbitrary JSON values", () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const keys = [
      "object",
      "entry",
      "id",
      "time",
      "messaging",
      "changes",
      "sender",
      "message",
      "mid",
      "field",
      "value",
    ];
    const gen = (depth: number): unknown => {
      const r = rand();
      if (depth > 4 || r < 0.3)
        return [null, 0, -1, 1e20, "", "instagram", "comments", true][Math.floor(rand() * 8)];
      if (r < 0.55) return Array.from({ length: Math.floor(rand() * 4) }, () => gen(depth + 1));
      return Object.fromEntries(
        Array.from({ length: Math.floor(rand() * 5) }, () => [
          keys[Math.floor(rand() * keys.length)],
          gen(depth + 1),
        ]),
      );
    };
    for (let n = 0; n < 2000; n++) {
      const body = rand() < 0.5 ? { object: "instagram", entry: [gen(0), gen(0)] } : gen(0);
      expect(() => normalizeWebhook(body)).not.toThrow();
    }
  });
});

describe("normalizeWebhook: dedupe keys", () => {
  const all = Object.values(fx);

  it("are stable across two normalizations of the same JSON", () => {
    for (const body of all) {
      const json = JSON.stringify(body);
      const a = normalizeWebhook(JSON.parse(json)).events.map((e) => e.dedupeKey);
      const b = normalizeWebhook(JSON.parse(json)).events.map((e) => e.dedupeKey);
      expect(a.length).toBeGreaterThan(0);
      expect(b).toEqual(a);
    }
  });

  it("are distinct across different events (per account)", () => {
    const events = all.flatMap((body) => normalizeWebhook(body).events);
    const keys = events.map((e) => `${e.igAccountId}|${e.dedupeKey}`);
    // The standby and page fixtures are distinct messages; nothing in the catalog repeats.
    expect(new Set(keys).size).toBe(keys.length);
    expect(events.length).toBe(Object.values(fx).length + 5); // `batched` holds 6 events
  });

  it("two reactions to the same message at different times do not collide", () => {
    const body = messagingBody([
      messagingItem({ reaction: { mid: "m1", action: "react", emoji: "x" } }, { timestamp: FIXTURE_MS }),
      messagingItem({ reaction: { mid: "m1", action: "react", emoji: "y" } }, { timestamp: FIXTURE_MS + 1 }),
      messagingItem({ message_edit: { mid: "m1", text: "a", num_edit: 1 } }),
      messagingItem({ message_edit: { mid: "m1", text: "b", num_edit: 2 } }),
    ]);
    const keys = normalizeWebhook(body).events.map((e) => e.dedupeKey);
    expect(new Set(keys).size).toBe(4);
  });
});

describe("normalizeWebhook: large batches", () => {
  it("normalizes a 1000-item batch (10 entries × 100 messaging items)", () => {
    const body = {
      object: "instagram",
      entry: Array.from({ length: 10 }, (_, e) => ({
        id: ID.account,
        time: FIXTURE_MS,
        messaging: Array.from({ length: 100 }, (_, n) =>
          messagingItem(
            n % 4 === 0
              ? { reaction: { mid: `m-${e}-${n - 1}`, action: "react", emoji: "\u2764\ufe0f" } }
              : { message: { mid: `m-${e}-${n}`, text: `hello ${n}` } },
            { timestamp: FIXTURE_MS + e * 1000 + n },
          ),
        ),
      })),
    };
    const { events, ignored } = normalizeWebhook(body);
    expect(ignored).toEqual([]);
    expect(events).toHaveLength(1000);
    expect(events.filter((e) => e.kind === "reaction")).toHaveLength(250);
    expect(new Set(events.map((e) => e.dedupeKey)).size).toBe(1000);
  });
});
