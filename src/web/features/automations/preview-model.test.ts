import { describe, expect, it } from "vitest";
import { commentToDmLink, TEMPLATES } from "../../../server/automations/templates.ts";
import { buildPreview, sampleText } from "./preview-model.ts";

describe("buildPreview", () => {
  it("shows the comment under the post, the private reply with its button and the public reply", () => {
    const scene = buildPreview(commentToDmLink({ link: "https://example.org/l" }), 1);
    expect(scene.post).toEqual({
      comment: "LINK please 🙏",
      publicReplies: [{ text: "Check your DMs 📩", variation: "2 of 3" }],
    });
    expect(scene.messages).toEqual([
      {
        kind: "text",
        from: "business",
        text: "As promised, the link: https://example.org/l ✨",
        label: "Private reply to your comment",
        variation: "2 of 2",
        buttons: [{ title: "Open the link", kind: "link" }],
      },
    ]);
  });

  it("shows the person's DM, quick-reply chips and the notes only the owner sees", () => {
    const scene = buildPreview(TEMPLATES.leadQualification());
    expect(scene.post).toBeUndefined();
    expect(scene.messages[0]).toEqual({ kind: "text", from: "person", text: "INFO please 🙏" });
    expect(scene.messages[2]).toMatchObject({
      kind: "text",
      from: "business",
      text: "What budget do you have in mind?",
      quickReplies: ["Under $500", "$500 – $2,000", "Over $2,000", "Just browsing"],
    });
    expect(scene.messages.slice(3)).toEqual([
      { kind: "note", text: "Saved as a lead (only you see this)" },
      { kind: "note", text: "Tagged “lead” (only you see this)" },
    ]);
  });

  it("cuts titles as Instagram does, and explains the window after a comment", () => {
    const scene = buildPreview({
      version: 1,
      name: "x",
      trigger: { type: "comment_keyword", posts: "any" },
      actions: [
        {
          type: "private_reply",
          variations: ["hi"],
          quickReplies: [{ title: "A very long option title!", payload: "P" }],
        },
        { type: "send_text", variations: ["later"] },
        { type: "delay", seconds: 120 },
      ],
      options: { replyDelaySeconds: 3600 },
    });
    expect(scene.post?.comment).toBe("Love this!");
    expect(scene.messages[0]).toEqual({ kind: "note", text: "Waits 1 h" });
    expect(scene.messages[1]).toMatchObject({ quickReplies: ["A very long option t…"] });
    expect(scene.messages[2]).toMatchObject({ kind: "note", text: expect.stringMatching(/24-hour window/) });
    expect(scene.messages.at(-1)).toEqual({ kind: "note", text: "Waits 2 min" });
  });

  it("starts story triggers with the story", () => {
    expect(buildPreview(TEMPLATES.storyMentionThanks()).messages[0]).toEqual({
      kind: "note",
      text: "Mentioned you in their story",
    });
  });

  it("samples a text each match kind accepts", () => {
    expect(sampleText({ text: "price", match: "equals" }, "x")).toBe("price");
    expect(sampleText({ text: "price", match: "starts_with" }, "x")).toBe("price please");
    expect(sampleText(undefined, "fallback")).toBe("fallback");
  });
});
