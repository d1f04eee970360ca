import { describe, expect, it } from "vitest";
import { AI_DEFAULTS, AiSettings } from "../../../shared/ai-settings.ts";
import { fromForm, toForm, toOverrides } from "./ai-form-model.ts";

const defaults = AiSettings.parse({});

describe("AI settings form ↔ model", () => {
  it("round-trips the defaults unchanged", () => {
    const back = fromForm(toForm(defaults));
    expect(back).toEqual({ ok: true, settings: defaults });
  });

  it("maps a custom tone, FAQ rows, phrases per line and an empty model", () => {
    const form = toForm(
      AiSettings.parse({
        tone: { preset: "custom", words: "warm, witty" },
        faq: [{ question: "Hours?", answer: "9 to 5" }],
        model: "gpt-4o-mini",
      }),
    );
    expect(form.tonePreset).toBe("custom");
    expect(form.toneWords).toBe("warm, witty");
    expect(form.faq).toEqual([{ key: expect.any(String), question: "Hours?", answer: "9 to 5" }]);
    const edited = {
      ...form,
      model: "  ",
      handoverPhrases: " human please \n\n real person ",
      maxReplyLength: "300",
    };
    const back = fromForm(edited);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.settings.model).toBeNull();
    expect(back.settings.handoverPhrases).toEqual(["human please", "real person"]);
    expect(back.settings.maxReplyLength).toBe(300);
    expect(back.settings.tone).toEqual({ preset: "custom", words: "warm, witty" });
    expect(back.settings.faq).toEqual([{ question: "Hours?", answer: "9 to 5" }]);
  });

  it("names the field of each error: a blank FAQ question, custom words, the reply length", () => {
    const form = toForm(defaults);
    const back = fromForm({
      ...form,
      faq: [{ key: "k", question: "  ", answer: "fine" }],
      tonePreset: "custom",
      toneWords: "",
      maxReplyLength: "12.5",
    });
    expect(back.ok).toBe(false);
    if (back.ok) return;
    expect(Object.keys(back.errors).sort()).toEqual(["faq.0.question", "maxReplyLength", "toneWords"]);
    expect(back.errors["faq.0.question"]).toMatch(/question must not be empty/i);
    expect(back.errors.maxReplyLength).toMatch(/between 40 and 1000/);
  });

  it("refuses an empty reply length rather than reading it as 0", () => {
    const back = fromForm({ ...toForm(defaults), maxReplyLength: "" });
    expect(back.ok).toBe(false);
  });

  it("drops a null model from the preview's overrides (overrides take a name or nothing)", () => {
    expect("model" in toOverrides(defaults)).toBe(false);
    expect(toOverrides({ ...defaults, model: "claude" }).model).toBe("claude");
    expect(toOverrides(defaults).fallbackMessage).toBe(AI_DEFAULTS.fallbackMessage);
  });
});
