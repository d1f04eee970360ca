import { describe, expect, it } from "vitest";
import { Automation, AutomationInput, describeIssues } from "./automation.ts";

const base = {
  version: 1,
  name: "Price reply",
  trigger: { type: "dm_keyword" },
  conditions: { keywords: [{ text: "price", match: "whole_word" }] },
  actions: [{ type: "send_text", variations: ["It is 20 €"] }],
};

/** The `path: message` lines of a rejected input. */
function issues(input: unknown): string[] {
  const r = AutomationInput.safeParse(input);
  if (r.success) throw new Error("expected the input to be rejected");
  return describeIssues(r.error);
}

const withAction = (action: Record<string, unknown>) => ({ ...base, actions: [action] });

describe("AutomationInput", () => {
  it("accepts a minimal automation and fills the defaults", () => {
    const a = AutomationInput.parse(base);
    expect(a).toMatchObject({
      enabled: true,
      priority: 0,
      accountId: null,
      conditions: { keywordMode: "any", excludeKeywords: [], emojiOnly: false, mustFollow: false },
      options: { oncePerPerson: false, replyDelaySeconds: 0 },
    });
  });

  it("accepts every trigger type", () => {
    const triggers = [
      { type: "comment_keyword", posts: "any" },
      { type: "comment_keyword", posts: ["1789"] },
      { type: "comment_keyword", posts: "next_post", nextPostMediaId: "1790" },
      { type: "first_message" },
      { type: "story_reply", stories: ["s1"] },
      { type: "story_mention" },
      { type: "reaction" },
      { type: "payload", payloads: ["YES"] },
      { type: "ref", refs: "any" },
      { type: "any_message" },
    ];
    for (const trigger of triggers) {
      const r = AutomationInput.safeParse({ ...base, trigger, conditions: {} });
      expect(r.success, JSON.stringify(trigger)).toBe(true);
    }
  });

  it("accepts every action type", () => {
    const actions = [
      { type: "send_text", variations: ["a", "b"], quickReplies: [{ title: "Yes", payload: "Y" }] },
      { type: "send_text", variations: ["a"], buttons: [{ type: "postback", title: "Go", payload: "GO" }] },
      { type: "send_media", mediaType: "image", url: "https://cdn.example.com/a.jpg" },
      { type: "add_tag", tag: "lead" },
      { type: "remove_tag", tag: "cold" },
      { type: "set_field", key: "budget", value: "1k" },
      { type: "save_lead", source: "dm" },
      { type: "delay", seconds: 60 },
      { type: "handover", note: "wants a human" },
      { type: "ai_reply", instructions: "be brief" },
      { type: "ai_reply" },
    ];
    expect(AutomationInput.safeParse({ ...base, actions }).success).toBe(true);
  });

  it("names the field and the rule", () => {
    expect(issues({ ...base, version: 2 })).toEqual(["version: version must be 1"]);
    expect(issues({ ...base, name: "  " })).toEqual(["name: name must not be empty"]);
    expect(issues({ ...base, actions: [] })).toEqual(["actions: add at least one action"]);
    expect(issues({ ...base, trigger: { type: "dm" } })[0]).toMatch(
      /^trigger\.type: trigger type must be one of/,
    );
    expect(issues({ ...base, priority: 1.5 })).toEqual(["priority: priority must be a whole number"]);
    expect(issues(withAction({ type: "delay", seconds: 0 }))).toEqual([
      "actions.0.seconds: delay must be at least 1 second",
    ]);
    expect(issues(withAction({ type: "delay", seconds: 90_000 }))).toEqual([
      "actions.0.seconds: delay must be at most 86400 seconds (24 hours)",
    ]);
    expect(issues(withAction({ type: "send_media", mediaType: "gif", url: "ftp://x" }))).toEqual([
      "actions.0.mediaType: mediaType must be image, video, audio or file",
      "actions.0.url: url must be an http(s) URL",
    ]);
    expect(issues({ ...base, conditions: { keywords: [{ text: "?!", match: "equals" }] } })).toEqual([
      "conditions.keywords.0.text: keyword needs a letter, a digit or an emoji",
    ]);
    expect(issues({ ...base, conditions: { keywords: [{ text: "hi", match: "fuzzy" }] } })).toEqual([
      "conditions.keywords.0.match: match must be equals, whole_word, starts_with or contains",
    ]);
  });

  describe("Meta's limits", () => {
    it("1000 UTF-8 bytes per text (bytes, not characters)", () => {
      expect(
        AutomationInput.safeParse(withAction({ type: "send_text", variations: ["é".repeat(500)] })).success,
      ).toBe(true);
      expect(issues(withAction({ type: "send_text", variations: ["ok", "é".repeat(501)] }))).toEqual([
        "actions.0.variations.1: is 1002 bytes; Instagram allows 1000 bytes of UTF-8",
      ]);
    });
    it("1 to 10 variations", () => {
      expect(issues(withAction({ type: "public_reply", variations: [] }))).toContain(
        "actions.0.variations: variations needs at least one text",
      );
      expect(issues(withAction({ type: "send_text", variations: Array(11).fill("x") }))).toEqual([
        "actions.0.variations: variations allows at most 10 texts",
      ]);
    });
    it("13 quick replies with titles of 20 characters", () => {
      const qr = (i: number) => ({ title: `Option ${i}`, payload: `P${i}` });
      const thirteen = Array.from({ length: 13 }, (_, i) => qr(i));
      expect(
        AutomationInput.safeParse(
          withAction({ type: "send_text", variations: ["?"], quickReplies: thirteen }),
        ).success,
      ).toBe(true);
      expect(
        issues(withAction({ type: "send_text", variations: ["?"], quickReplies: [...thirteen, qr(13)] })),
      ).toEqual(["actions.0.quickReplies: at most 13 quick replies"]);
      expect(
        issues(
          withAction({
            type: "send_text",
            variations: ["?"],
            quickReplies: [{ title: "x".repeat(21), payload: "P" }],
          }),
        ),
      ).toEqual(["actions.0.quickReplies.0.title: title has 21 characters; at most 20"]);
      // Characters as people count them: 20 emoji are 20 characters.
      expect(
        AutomationInput.safeParse(
          withAction({
            type: "send_text",
            variations: ["?"],
            quickReplies: [{ title: "🔥".repeat(20), payload: "P" }],
          }),
        ).success,
      ).toBe(true);
    });
    it("3 buttons, and not together with quick replies", () => {
      const button = { type: "web_url", title: "Open", url: "https://example.com" };
      expect(
        issues(
          withAction({ type: "send_text", variations: ["?"], buttons: [button, button, button, button] }),
        ),
      ).toEqual(["actions.0.buttons: at most 3 buttons"]);
      expect(
        issues(
          withAction({
            type: "send_text",
            variations: ["?"],
            buttons: [button],
            quickReplies: [{ title: "A", payload: "A" }],
          }),
        ),
      ).toEqual([
        "actions.0.buttons: use quick replies or buttons, not both (add a second message for the other)",
      ]);
    });
  });

  describe("rules across fields", () => {
    it("a DM keyword trigger needs keywords", () => {
      expect(issues({ ...base, conditions: {} })).toEqual([
        "conditions.keywords: a DM keyword trigger needs at least one keyword",
      ]);
    });
    it("keywords only on keyword and story-reply triggers", () => {
      expect(issues({ ...base, trigger: { type: "first_message" } })).toEqual([
        "conditions.keywords: keywords apply to dm_keyword, comment_keyword and story_reply triggers, not first_message",
      ]);
    });
    it("private and public replies need a comment trigger; one private reply", () => {
      expect(issues(withAction({ type: "private_reply", variations: ["x"] }))).toEqual([
        "actions.0.type: private_reply needs a comment_keyword trigger",
      ]);
      const twice = {
        ...base,
        trigger: { type: "comment_keyword", posts: "any" },
        actions: [
          { type: "private_reply", variations: ["x"] },
          { type: "private_reply", variations: ["y"] },
        ],
      };
      expect(issues(twice)).toEqual(["actions.1: Instagram allows one private reply per comment"]);
    });
  });

  describe("options", () => {
    it("active hours: HH:MM, days 0-6, a real time zone", () => {
      const withHours = (activeHours: unknown) => ({ ...base, options: { activeHours } });
      expect(
        AutomationInput.safeParse(
          withHours({ timeZone: "Europe/Paris", days: [1, 2], from: "22:00", to: "06:00" }),
        ).success,
      ).toBe(true);
      expect(issues(withHours({ timeZone: "Europe/Nowhere", days: [7], from: "9:00", to: "24:00" }))).toEqual(
        [
          'options.activeHours.timeZone: unknown time zone "Europe/Nowhere"',
          "options.activeHours.days.0: days are 0 (Sunday) to 6",
          'options.activeHours.from: time must be "HH:MM" (00:00 to 23:59)',
          'options.activeHours.to: time must be "HH:MM" (00:00 to 23:59)',
        ],
      );
    });
    it("reply delay 0..3600", () => {
      expect(issues({ ...base, options: { replyDelaySeconds: 3601 } })).toEqual([
        "options.replyDelaySeconds: replyDelaySeconds must be at most 3600",
      ]);
    });
  });
});

describe("Automation", () => {
  it("is the input plus id, workspace and timestamps", () => {
    const stored = {
      ...base,
      id: "a1",
      workspaceId: "w1",
      createdAt: "2026-03-01T10:00:00.000Z",
      updatedAt: "2026-03-01T10:00:00+01:00",
    };
    expect(Automation.parse(stored)).toMatchObject({ id: "a1", workspaceId: "w1", enabled: true });
    const r = Automation.safeParse({ ...stored, createdAt: "yesterday" });
    expect(r.success ? [] : describeIssues(r.error)).toEqual([
      "createdAt: createdAt must be an ISO 8601 date-time",
    ]);
  });
});
