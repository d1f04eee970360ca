import { describe, expect, it } from "vitest";
import { comment, contact, ctx, dm, storyMention } from "../../../test/support/engine-builders.ts";
import { AutomationInput } from "../../shared/automation.ts";
import { decide } from "./engine/decide.ts";
import {
  appointmentBooking,
  commentToDmLink,
  faqBot,
  leadQualification,
  storyMentionThanks,
  welcomeMessage,
} from "./templates.ts";

const stored = (input: AutomationInput, id: string) => ({
  ...input,
  id,
  workspaceId: "ws-1",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
});

describe("templates", () => {
  const all = {
    commentToDmLink: commentToDmLink({ link: "https://shop.example.com/drop" }),
    appointmentBooking: appointmentBooking({
      bookingUrl: "https://cal.example.com/me",
      businessName: "Studio K",
    }),
    leadQualification: leadQualification(),
    faqBot: faqBot(),
    storyMentionThanks: storyMentionThanks(),
    welcomeMessage: welcomeMessage(),
  };

  it.each(Object.entries(all))("%s is a valid automation", (_, input) => {
    expect(AutomationInput.safeParse(input).success).toBe(true);
    expect(AutomationInput.parse(input)).toEqual(input);
  });

  it("rejects bad parameters with the model's message", () => {
    expect(() => commentToDmLink({ link: "https://x.io", keyword: "!!" })).toThrow(/keyword needs a letter/);
    expect(() => appointmentBooking({ bookingUrl: "not a url" })).toThrow(/http\(s\) URL/);
  });

  it("comment-to-DM: a comment with the keyword gets the private and public replies, once per post", () => {
    const a = stored(all.commentToDmLink, "t1");
    const d = decide(comment("Link please!", "post-5"), [a], contact(), ctx({ random: () => 0 }));
    expect(d).toMatchObject({
      kind: "run",
      onceKey: "t1:post-5",
      actions: [
        { type: "private_reply", text: "Here is your link 👉 https://shop.example.com/drop" },
        { type: "public_reply", text: "Sent you a DM 🙌" },
      ],
    });
  });

  it("booking, FAQ, mention and welcome fire on their events", () => {
    const autos = [
      stored(all.appointmentBooking, "book"),
      stored(all.faqBot, "faq"),
      stored(all.storyMentionThanks, "thanks"),
      stored(all.welcomeMessage, "welcome"),
      stored(all.leadQualification, "lead"),
    ];
    const id = (d: ReturnType<typeof decide>) => (d.kind === "run" ? d.automationId : d.kind);
    expect(id(decide(dm("I want to book"), autos, contact(), ctx()))).toBe("book");
    expect(id(decide(dm("info please"), autos, contact(), ctx()))).toBe("lead");
    expect(id(decide(dm("what time do you open?"), autos, contact(), ctx()))).toBe("faq");
    expect(id(decide(dm("hello"), autos, contact({ isFirstMessage: true }), ctx()))).toBe("welcome");
    expect(id(decide(storyMention(), autos, contact(), ctx()))).toBe("thanks");
  });
});
