import { describe, expect, it } from "vitest";
import { commentToDmLink, TEMPLATES } from "../../../server/automations/templates.ts";
import { AutomationInput } from "../../../shared/automation.ts";
import {
  defaultAction,
  emptyForm,
  fromInput,
  serverErrorsToFields,
  toInput,
  validateForm,
  withTriggerType,
} from "./form-model.ts";

describe("form ↔ model", () => {
  it("round-trips every server template through the form unchanged", () => {
    const templates = [
      commentToDmLink({ link: "https://example.org/l" }),
      TEMPLATES.appointmentBooking({ bookingUrl: "https://example.org/book" }),
      TEMPLATES.leadQualification(),
      TEMPLATES.faqBot(),
      TEMPLATES.storyMentionThanks(),
      TEMPLATES.welcomeMessage(),
    ];
    for (const t of templates) {
      expect(AutomationInput.parse(toInput(fromInput(t)))).toEqual(t);
    }
  });

  it("maps chosen posts, next post, stories, refs and active hours both ways", () => {
    const input = AutomationInput.parse({
      version: 1,
      name: "x",
      trigger: { type: "comment_keyword", posts: ["18000000000000001", "18000000000000003"] },
      conditions: { keywords: [{ text: "link", match: "equals" }], excludeKeywords: ["free"] },
      actions: [
        { type: "private_reply", variations: ["hi"] },
        { type: "delay", seconds: 30 },
      ],
      options: {
        oncePerPerson: true,
        activeHours: { timeZone: "Europe/Paris", days: [1, 5], from: "09:00", to: "17:30" },
        replyDelaySeconds: 5,
      },
    });
    const form = fromInput(input);
    expect(form.trigger.posts).toBe("chosen");
    expect(form.trigger.mediaIds).toEqual(["18000000000000001", "18000000000000003"]);
    expect(form.activeHoursOn).toBe(true);
    expect(form.replyDelaySeconds).toBe("5");
    expect(AutomationInput.parse(toInput(form))).toEqual(input);

    const f2 = emptyForm("story_reply");
    f2.name = "s";
    f2.trigger.stories = "chosen";
    f2.trigger.storyIds = ["st1"];
    expect(toInput(f2).trigger).toEqual({ type: "story_reply", stories: ["st1"] });
    f2.trigger.type = "ref";
    f2.trigger.refs = "chosen";
    f2.trigger.refList = ["promo"];
    expect(toInput(f2).trigger).toEqual({ type: "ref", refs: ["promo"] });
  });

  it("turns private replies into messages when the trigger is no longer a comment", () => {
    const f = emptyForm("comment_keyword");
    expect(f.actions[0]?.type).toBe("private_reply");
    const dm = withTriggerType(f, "dm_keyword");
    expect(dm.trigger.type).toBe("dm_keyword");
    expect(dm.actions[0]).toMatchObject({ type: "send_text", variations: [""] });
    expect(withTriggerType(dm, "comment_keyword").actions[0]?.type).toBe("send_text");
  });

  it("drops conditions the chosen trigger hides, so they cannot block a save", () => {
    const f = emptyForm("story_mention");
    f.name = "Thanks";
    f.keywords = [{ text: "left over", match: "contains" }];
    f.emojiOnly = true;
    f.actions = [{ ...defaultAction("send_text"), type: "send_text", variations: ["Thank you!"] }];
    const r = validateForm(f);
    expect(r.ok).toBe(true);
  });

  it("reports Meta's limits at the field's path", () => {
    const f = emptyForm("dm_keyword");
    f.name = "Too much";
    f.keywords = [{ text: "price", match: "whole_word" }];
    f.actions = [
      {
        uid: "u1",
        type: "send_text",
        variations: ["é".repeat(501)],
        quickReplies: Array.from({ length: 14 }, (_, i) => ({
          title: i === 0 ? "Another title far too long" : `Option ${i}`,
          payload: `P${i}`,
        })),
      },
      {
        uid: "u2",
        type: "send_text",
        variations: ["ok"],
        buttons: [{ type: "web_url", title: "A title that is far too long", url: "https://x.org" }],
      },
    ];
    const r = validateForm(f);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors["actions.0.variations.0"]).toMatch(/1002 bytes; Instagram allows 1000/);
    expect(r.errors["actions.0.quickReplies"]).toMatch(/at most 13 quick replies/);
    expect(r.errors["actions.0.quickReplies.0.title"]).toMatch(/26 characters; at most 20/);
    expect(r.errors["actions.1.buttons.0.title"]).toMatch(/28 characters; at most 20/);
  });

  it("keeps the AI overrides it does not edit, and drops empty optional texts", () => {
    const input = AutomationInput.parse({
      version: 1,
      name: "AI",
      trigger: { type: "any_message" },
      actions: [{ type: "ai_reply", tone: { preset: "custom", words: "warm" }, maxReplyLength: 200 }],
    });
    const form = fromInput(input);
    expect(AutomationInput.parse(toInput(form))).toEqual(input);
    form.actions = [
      { uid: "u", type: "ai_reply", instructions: " ", fallbackMessage: "", provider: "offline" },
    ];
    expect(toInput(form).actions).toEqual([{ type: "ai_reply", provider: "offline" }]);
  });

  it("keeps a typed number that is not one, so the schema names it", () => {
    const f = emptyForm("dm_keyword");
    f.name = "n";
    f.keywords = [{ text: "hi", match: "equals" }];
    f.actions = [{ uid: "u", type: "send_text", variations: ["x"] }];
    f.priority = "abc";
    const r = validateForm(f);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.priority).toMatch(/whole number/);
  });

  it("maps the server's refusal to fields through its details, or keeps it at the root", () => {
    expect(
      serverErrorsToFields({
        code: "validation_failed",
        message: "actions.0.variations.0: is 1200 bytes",
        details: [{ path: ["actions", 0, "variations", 0], message: "is 1200 bytes" }],
      }),
    ).toEqual({ "actions.0.variations.0": "is 1200 bytes" });
    expect(serverErrorsToFields({ code: "conflict", message: "taken" })).toEqual({
      "(root)": "taken (conflict)",
    });
  });
});
