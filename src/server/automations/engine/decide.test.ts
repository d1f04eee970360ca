import { describe, expect, it } from "vitest";
import {
  automation,
  comment,
  commentKeyword,
  contact,
  ctx,
  dm,
  echo,
  keyword,
  postback,
  quickReply,
  reaction,
  referral,
  storyMention,
  storyReply,
} from "../../../../test/support/engine-builders.ts";
import { decide } from "./decide.ts";
import type { Decision } from "./decision.ts";
import { buildEngineSnapshot } from "./engine-snapshot.ts";

const ranId = (d: Decision) =>
  d.kind === "run" ? d.automationId : `miss:${d.reasons.map((r) => r.code).join(",")}`;

/** Both paths (list and snapshot) must agree on every test here. */
function both(...args: Parameters<typeof decide>): Decision {
  const [event, automations, facts, context] = args;
  const list = decide(event, automations, facts, { ...context });
  const indexed = decide(event, buildEngineSnapshot(automations as never), facts, { ...context });
  expect(indexed).toEqual(list);
  return list;
}

describe("keyword kinds", () => {
  const autos = () => [
    keyword("eq", "price", "equals"),
    keyword("ww", "price", "whole_word"),
    keyword("sw", "price", "starts_with"),
    keyword("co", "price", "contains"),
  ];
  it.each([
    ["PRICE", "eq"],
    ["Price?", "eq"],
    ["what is the price?", "ww"],
    ["prices please", "sw"],
    ["your pricelist", "co"],
    ["nothing here", "miss:no_trigger_matched"],
  ])("%s → %s", (text, expected) => {
    expect(ranId(both(dm(text), autos(), contact(), ctx()))).toBe(expected);
  });

  it("reports the matched keyword and kind", () => {
    const d = both(
      dm("Send me the LINK pls"),
      [keyword("a", ["price", "link"], "whole_word")],
      contact(),
      ctx(),
    );
    expect(d).toMatchObject({
      kind: "run",
      automationId: "a",
      matched: { keyword: "link", match: "whole_word" },
    });
  });

  it("is case- and accent-insensitive both ways", () => {
    expect(ranId(both(dm("CAFÉ"), [keyword("a", "cafe")], contact(), ctx()))).toBe("a");
    expect(ranId(both(dm("cafe"), [keyword("a", "Café")], contact(), ctx()))).toBe("a");
  });

  it("matches emoji keywords", () => {
    expect(ranId(both(dm("I ❤️ it"), [keyword("a", "❤", "whole_word")], contact(), ctx()))).toBe("a");
    expect(ranId(both(dm("🔥🔥🔥"), [keyword("a", "🔥", "contains")], contact(), ctx()))).toBe("a");
  });

  it("any: one keyword is enough; all: every keyword must match", () => {
    const anyMode = keyword("any", ["price", "shipping"], "whole_word");
    const allMode = keyword("all", ["price", "shipping"], "whole_word", {
      conditions: { keywordMode: "all" },
    });
    expect(ranId(both(dm("price?"), [allMode, anyMode], contact(), ctx()))).toBe("any");
    expect(ranId(both(dm("price and shipping?"), [allMode], contact(), ctx()))).toBe("all");
    expect(ranId(both(dm("price only"), [allMode], contact(), ctx()))).toBe("miss:no_trigger_matched");
  });

  it("exclude keywords block as whole words", () => {
    const a = keyword("a", "price", "whole_word", { conditions: { excludeKeywords: ["free"] } });
    expect(both(dm("is the price free?"), [a], contact(), ctx())).toEqual({
      kind: "miss",
      reasons: [{ code: "excluded_keyword", automationId: "a", detail: "free" }],
    });
    expect(ranId(both(dm("price of freedom"), [a], contact(), ctx()))).toBe("a");
  });

  it("emojiOnly: only messages made of emoji", () => {
    const a = automation({ id: "a", trigger: { type: "any_message" }, conditions: { emojiOnly: true } });
    for (const t of ["❤️", "👍🏽", "👨‍👩‍👧", "🔥 🔥"])
      expect(ranId(both(dm(t), [a], contact(), ctx()))).toBe("a");
    expect(ranId(both(dm("nice 👍"), [a], contact(), ctx()))).toBe("miss:no_trigger_matched");
  });
});

describe("triggers and event kinds", () => {
  it("dm_keyword: messages, quick-reply text and story replies, not comments", () => {
    const a = keyword("a", "yes");
    expect(ranId(both(dm("yes"), [a], contact(), ctx()))).toBe("a");
    expect(ranId(both(quickReply("P_YES", "Yes"), [a], contact(), ctx()))).toBe("a");
    expect(ranId(both(storyReply("yes!"), [a], contact(), ctx()))).toBe("a");
    expect(ranId(both(comment("yes"), [a], contact(), ctx()))).toBe("miss:no_trigger_matched");
    expect(ranId(both(postback("yes"), [a], contact(), ctx()))).toBe("miss:no_trigger_matched");
  });

  it("comment_keyword: any post, listed posts, the next post; live comments too", () => {
    const anyPost = commentKeyword("any", "link");
    const listed = commentKeyword("listed", "link", ["post-9"]);
    const next = commentKeyword("next", "link", "next_post");
    const nextResolved = commentKeyword("nextR", "link", "next_post", {
      trigger: { type: "comment_keyword", posts: "next_post", nextPostMediaId: "post-7" },
    });
    const all = [anyPost, listed, next, nextResolved];
    expect(ranId(both(comment("LINK please", "post-1"), all, contact(), ctx()))).toBe("any");
    expect(ranId(both(comment("LINK please", "post-9"), all, contact(), ctx()))).toBe("listed");
    expect(ranId(both(comment("LINK please", "post-7"), all, contact(), ctx()))).toBe("nextR");
    expect(
      ranId(both(comment("link", "post-7", { kind: "live_comment" }), [anyPost], contact(), ctx())),
    ).toBe("any");
    expect(ranId(both(dm("link"), all, contact(), ctx()))).toBe("miss:no_trigger_matched");
  });

  it("comment_keyword without keywords takes any comment on its posts", () => {
    const a = commentKeyword("a", null, ["post-1"]);
    expect(ranId(both(comment("wow", "post-1"), [a], contact(), ctx()))).toBe("a");
    expect(ranId(both(comment("wow", "post-2"), [a], contact(), ctx()))).toBe("miss:no_trigger_matched");
  });

  it("first_message only on the first message ever", () => {
    const a = automation({ id: "a", trigger: { type: "first_message" } });
    expect(ranId(both(dm("hello"), [a], contact({ isFirstMessage: true, isNew: true }), ctx()))).toBe("a");
    expect(ranId(both(dm("hello"), [a], contact(), ctx()))).toBe("miss:no_trigger_matched");
    expect(ranId(both(storyMention(), [a], contact({ isFirstMessage: true }), ctx()))).toBe(
      "miss:no_trigger_matched",
    );
  });

  it("story_reply: any story or listed stories, with optional keywords", () => {
    const anyStory = automation({ id: "any", trigger: { type: "story_reply", stories: "any" } });
    const listed = automation({ id: "listed", trigger: { type: "story_reply", stories: ["story-2"] } });
    const withKw = automation({
      id: "kw",
      trigger: { type: "story_reply", stories: "any" },
      conditions: { keywords: [{ text: "want", match: "whole_word" }] },
    });
    expect(ranId(both(storyReply("nice", "story-1"), [anyStory, listed], contact(), ctx()))).toBe("any");
    expect(ranId(both(storyReply("nice", "story-2"), [anyStory, listed], contact(), ctx()))).toBe("listed");
    expect(ranId(both(storyReply("I want one"), [anyStory, listed, withKw], contact(), ctx()))).toBe("kw");
    expect(ranId(both(dm("I want one"), [anyStory, withKw], contact(), ctx()))).toBe(
      "miss:no_trigger_matched",
    );
  });

  it("story_mention and reaction", () => {
    const m = automation({ id: "m", trigger: { type: "story_mention" } });
    const r = automation({ id: "r", trigger: { type: "reaction" } });
    expect(ranId(both(storyMention(), [m, r], contact(), ctx()))).toBe("m");
    expect(ranId(both(reaction(), [m, r], contact(), ctx()))).toBe("r");
    expect(ranId(both(dm("hi"), [m, r], contact(), ctx()))).toBe("miss:no_trigger_matched");
  });

  it("payload: quick replies and postbacks, exact", () => {
    const a = automation({
      id: "a",
      trigger: { type: "payload", payloads: ["BOOK_MORNING", "BOOK_EVENING"] },
    });
    expect(ranId(both(quickReply("BOOK_MORNING", "Morning"), [a], contact(), ctx()))).toBe("a");
    expect(ranId(both(postback("BOOK_EVENING"), [a], contact(), ctx()))).toBe("a");
    expect(ranId(both(postback("book_evening"), [a], contact(), ctx()))).toBe("miss:no_trigger_matched");
    expect(ranId(both(dm("BOOK_MORNING"), [a], contact(), ctx()))).toBe("miss:no_trigger_matched");
  });

  it("ref: listed refs beat any ref", () => {
    const listed = automation({ id: "listed", trigger: { type: "ref", refs: ["promo"] } });
    const any = automation({ id: "any", trigger: { type: "ref", refs: "any" } });
    expect(ranId(both(referral("promo"), [any, listed], contact(), ctx()))).toBe("listed");
    expect(ranId(both(referral("other"), [any, listed], contact(), ctx()))).toBe("any");
    expect(ranId(both(referral(), [listed], contact(), ctx()))).toBe("miss:no_trigger_matched");
    expect(ranId(both(dm("hi", { referral: { ref: "promo" } }), [listed], contact(), ctx()))).toBe("listed");
  });

  it("any_message: DMs, taps and story replies, not comments, mentions or reactions", () => {
    const a = automation({ id: "a", trigger: { type: "any_message" } });
    for (const e of [dm("x"), quickReply("P"), postback("P"), storyReply("x"), referral("r")]) {
      expect(ranId(both(e, [a], contact(), ctx()))).toBe("a");
    }
    for (const e of [comment("x"), storyMention(), reaction()]) {
      expect(ranId(both(e, [a], contact(), ctx()))).toBe("miss:no_trigger_matched");
    }
  });
});

describe("specificity and priority", () => {
  it("a payload beats a keyword matching the quick reply's text", () => {
    const kw = keyword("kw", "yes");
    const p = automation({ id: "p", trigger: { type: "payload", payloads: ["P_YES"] } });
    expect(ranId(both(quickReply("P_YES", "Yes"), [kw, p], contact(), ctx()))).toBe("p");
  });

  it("equals > whole_word > starts_with > contains > first_message > any_message", () => {
    const facts = contact({ isFirstMessage: true, isNew: true });
    const chain = [
      automation({ id: "any", trigger: { type: "any_message" }, priority: 100 }),
      automation({ id: "first", trigger: { type: "first_message" }, priority: 50 }),
      keyword("co", "hell", "contains", { priority: 10 }),
      keyword("sw", "hello", "starts_with", { priority: 5 }),
      keyword("ww", "hello", "whole_word", { priority: 1 }),
      keyword("eq", "hello there", "equals"),
    ];
    const order: string[] = [];
    for (let n = chain.length; n > 0; n--)
      order.push(ranId(both(dm("Hello there"), chain.slice(0, n), facts, ctx())));
    expect(order).toEqual(["eq", "ww", "sw", "co", "first", "any"]);
  });

  it("story triggers beat first_message; keywords beat story triggers", () => {
    const facts = contact({ isFirstMessage: true });
    const first = automation({ id: "first", trigger: { type: "first_message" } });
    const story = automation({ id: "story", trigger: { type: "story_reply", stories: "any" } });
    const kw = keyword("kw", "wow", "contains");
    expect(ranId(both(storyReply("wow"), [first, story], facts, ctx()))).toBe("story");
    expect(ranId(both(storyReply("wow"), [first, story, kw], facts, ctx()))).toBe("kw");
  });

  it("a listed post beats any post at the same keyword kind", () => {
    const any = commentKeyword("any", "link", "any", { priority: 10 });
    const listed = commentKeyword("listed", "link", ["post-1"]);
    expect(ranId(both(comment("link", "post-1"), [any, listed], contact(), ctx()))).toBe("listed");
  });

  it("priority breaks ties, then the oldest, then the id", () => {
    const old = keyword("old", "hi");
    const young = keyword("young", "hi");
    const high = keyword("high", "hi", "equals", { priority: 5 });
    expect(ranId(both(dm("hi"), [young, old], contact(), ctx()))).toBe("old");
    expect(ranId(both(dm("hi"), [young, old, high], contact(), ctx()))).toBe("high");
    const at = "2026-01-01T00:00:00.000Z";
    const b = automation({ id: "b", createdAt: at, trigger: { type: "any_message" } });
    const a = automation({ id: "a", createdAt: at, trigger: { type: "any_message" } });
    expect(ranId(both(dm("x"), [b, a], contact(), ctx()))).toBe("a");
  });

  it("a blocked specific automation lets the fallback run", () => {
    const kw = keyword("kw", "hi", "equals", { options: { oncePerPerson: true } });
    const fallback = automation({ id: "fb" });
    expect(ranId(both(dm("hi"), [kw, fallback], contact({ used: new Set(["kw"]) }), ctx()))).toBe("fb");
  });
});

describe("gates", () => {
  const a = () => [automation({ id: "a" }), commentKeyword("c", null)];
  it("echoes, own comments and paused conversations: that reason only", () => {
    expect(both(echo(), a(), contact(), ctx())).toEqual({ kind: "miss", reasons: [{ code: "echo" }] });
    expect(both(comment("hi", "post-1", { isSelf: true }), a(), contact(), ctx())).toEqual({
      kind: "miss",
      reasons: [{ code: "own_comment" }],
    });
    expect(both(dm("hi"), a(), contact({ botPaused: true }), ctx())).toEqual({
      kind: "miss",
      reasons: [{ code: "bot_paused" }],
    });
  });
  it("kinds that cannot start an automation", () => {
    const read = { ...dm("x"), kind: "read" as const };
    expect(both(read, a(), contact(), ctx())).toEqual({
      kind: "miss",
      reasons: [{ code: "not_automatable", detail: "read" }],
    });
  });
});

describe("conditions and options", () => {
  it("disabled automations never run; a miss says so when they would have matched", () => {
    const off = keyword("off", "hi", "equals", { enabled: false });
    expect(both(dm("hi"), [off], contact(), ctx())).toEqual({
      kind: "miss",
      reasons: [{ code: "disabled", automationId: "off" }],
    });
    expect(both(dm("nope"), [off], contact(), ctx())).toEqual({
      kind: "miss",
      reasons: [{ code: "no_trigger_matched" }],
    });
  });

  it("accountId: only events of that account; null: every account", () => {
    const mine = keyword("mine", "hi", "equals", { accountId: "acc-1" });
    const other = keyword("other", "hi", "equals", { accountId: "acc-2", priority: 9 });
    const everywhere = keyword("all", "hi");
    expect(ranId(both(dm("hi"), [other, mine], contact(), ctx()))).toBe("mine");
    expect(ranId(both(dm("hi"), [other, everywhere], contact(), ctx({ accountUuid: "acc-3" })))).toBe("all");
    expect(both(dm("hi"), [other], contact(), ctx())).toEqual({
      kind: "miss",
      reasons: [{ code: "wrong_account", automationId: "other" }],
    });
  });

  it("once per person, and per post for comments", () => {
    const kw = keyword("kw", "hi", "equals", { options: { oncePerPerson: true } });
    expect(both(dm("hi"), [kw], contact(), ctx())).toMatchObject({ kind: "run", onceKey: "kw" });
    expect(both(dm("hi"), [kw], contact({ used: new Set(["kw"]) }), ctx())).toEqual({
      kind: "miss",
      reasons: [{ code: "already_used", automationId: "kw", detail: "kw" }],
    });
    const c = commentKeyword("c", "link", "any", { options: { oncePerPerson: true } });
    const used = contact({ used: new Set(["c:post-1"]) });
    expect(both(comment("link", "post-2"), [c], used, ctx())).toMatchObject({
      kind: "run",
      onceKey: "c:post-2",
    });
    expect(ranId(both(comment("link", "post-1"), [c], used, ctx()))).toBe("miss:already_used");
  });

  it("new contacts only", () => {
    const a = keyword("a", "hi", "equals", { conditions: { newContactOnly: true } });
    expect(ranId(both(dm("hi"), [a], contact({ isNew: true }), ctx()))).toBe("a");
    expect(ranId(both(dm("hi"), [a], contact({ isNew: false }), ctx()))).toBe("miss:not_new_contact");
  });

  it("required and excluded tags", () => {
    const a = keyword("a", "hi", "equals", {
      conditions: { requireTags: ["vip"], excludeTags: ["blocked"] },
    });
    expect(ranId(both(dm("hi"), [a], contact({ tags: new Set(["vip"]) }), ctx()))).toBe("a");
    expect(both(dm("hi"), [a], contact(), ctx())).toEqual({
      kind: "miss",
      reasons: [{ code: "missing_tag", automationId: "a", detail: "vip" }],
    });
    expect(both(dm("hi"), [a], contact({ tags: new Set(["vip", "blocked"]) }), ctx())).toEqual({
      kind: "miss",
      reasons: [{ code: "has_excluded_tag", automationId: "a", detail: "blocked" }],
    });
  });

  it("follow gate: follower runs, non-follower misses, unknown asks for a check", () => {
    const a = keyword("a", "hi", "equals", { conditions: { mustFollow: true } });
    expect(both(dm("hi"), [a], contact({ followsBusiness: true }), ctx())).not.toHaveProperty(
      "needsFollowCheck",
    );
    expect(ranId(both(dm("hi"), [a], contact({ followsBusiness: false }), ctx()))).toBe("miss:not_following");
    expect(both(dm("hi"), [a], contact({ followsBusiness: null }), ctx())).toMatchObject({
      kind: "run",
      needsFollowCheck: true,
    });
  });

  it("active hours in the automation's or the workspace's time zone, overnight ranges included", () => {
    // 2026-03-02T10:00Z is Monday 11:00 in Paris, Monday 05:00 in New York.
    const paris = keyword("p", "hi", "equals", {
      options: { activeHours: { timeZone: "Europe/Paris", days: [1], from: "09:00", to: "12:00" } },
    });
    const workspaceTz = keyword("w", "hi", "equals", {
      options: { activeHours: { days: [1], from: "09:00", to: "12:00" } },
    });
    expect(ranId(both(dm("hi"), [paris], contact(), ctx()))).toBe("p");
    expect(ranId(both(dm("hi"), [workspaceTz], contact(), ctx({ timeZone: "Europe/Paris" })))).toBe("w");
    expect(both(dm("hi"), [workspaceTz], contact(), ctx({ timeZone: "America/New_York" }))).toEqual({
      kind: "miss",
      reasons: [{ code: "outside_active_hours", automationId: "w", detail: "Mon 05:00 America/New_York" }],
    });
    const night = keyword("n", "hi", "equals", {
      options: { activeHours: { days: [0], from: "22:00", to: "06:00" } },
    });
    // Sunday 22:00 → Monday 06:00 in New York: Monday 05:00 is inside.
    expect(ranId(both(dm("hi"), [night], contact(), ctx({ timeZone: "America/New_York" })))).toBe("n");
  });

  it("reply delay is passed to the runner", () => {
    const a = keyword("a", "hi", "equals", { options: { replyDelaySeconds: 30 } });
    expect(both(dm("hi"), [a], contact(), ctx())).toMatchObject({ replyDelaySeconds: 30 });
  });

  it("lists every blocked candidate, most specific first", () => {
    const a = keyword("a", "hi", "equals", { conditions: { newContactOnly: true } });
    const b = automation({ id: "b", conditions: { requireTags: ["vip"] } });
    expect(both(dm("hi"), [b, a], contact(), ctx())).toEqual({
      kind: "miss",
      reasons: [
        { code: "not_new_contact", automationId: "a" },
        { code: "missing_tag", automationId: "b", detail: "vip" },
      ],
    });
  });
});

describe("resolved actions", () => {
  it("picks variations with ctx.random and keeps the other fields", () => {
    const a = automation({
      id: "a",
      actions: [
        {
          type: "send_text",
          variations: ["one", "two", "three"],
          quickReplies: [{ title: "Yes", payload: "Y" }],
        },
        { type: "delay", seconds: 5 },
        { type: "add_tag", tag: "lead" },
      ],
    });
    const d = both(dm("x"), [a], contact(), ctx({ random: () => 0.5 }));
    expect(d).toEqual({
      kind: "run",
      automationId: "a",
      trigger: "any_message",
      actions: [
        { type: "send_text", text: "two", quickReplies: [{ title: "Yes", payload: "Y" }] },
        { type: "delay", seconds: 5 },
        { type: "add_tag", tag: "lead" },
      ],
    });
  });
});
