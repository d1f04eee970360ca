import {
  type AiOverrides,
  type AiProviderChoice,
  AiSettings,
  TONE_PRESETS,
  type TonePreset,
} from "../../../shared/ai-settings.ts";

/**
 * The AI settings form ↔ the model (src/shared/ai-settings.ts). The form holds what inputs
 * hold — strings, one hand-over phrase per line, FAQ rows with a stable key for React — and
 * going back runs the same zod schema the server runs, so errors show before anything is sent.
 */

export interface FaqRow {
  key: string;
  question: string;
  answer: string;
}

export interface AiForm {
  systemPrompt: string;
  businessContext: string;
  faq: FaqRow[];
  tonePreset: TonePreset | "custom";
  toneWords: string;
  provider: AiProviderChoice;
  /** "" = the provider's (or the workspace key's) default model. */
  model: string;
  maxReplyLength: string;
  /** One phrase per line. */
  handoverPhrases: string;
  handoverMessage: string;
  fallbackMessage: string;
  onFailure: "fallback" | "handover";
}

/** Field → message; FAQ rows as `faq.<index>.question` / `faq.<index>.answer`. */
export type FormErrors = Record<string, string>;

let nextKey = 0;
export const faqRow = (question = "", answer = ""): FaqRow => ({ key: `faq-${++nextKey}`, question, answer });

export function toForm(settings: AiSettings): AiForm {
  return {
    systemPrompt: settings.systemPrompt,
    businessContext: settings.businessContext,
    faq: settings.faq.map((f) => faqRow(f.question, f.answer)),
    tonePreset: settings.tone.preset,
    toneWords: settings.tone.preset === "custom" ? settings.tone.words : "",
    provider: settings.provider,
    model: settings.model ?? "",
    maxReplyLength: String(settings.maxReplyLength),
    handoverPhrases: settings.handoverPhrases.join("\n"),
    handoverMessage: settings.handoverMessage,
    fallbackMessage: settings.fallbackMessage,
    onFailure: settings.onFailure,
  };
}

const isPreset = (v: string): v is TonePreset => (TONE_PRESETS as readonly string[]).includes(v);

/** The raw object the form stands for, before validation. */
function candidate(form: AiForm) {
  const trimmedLength = form.maxReplyLength.trim();
  return {
    systemPrompt: form.systemPrompt,
    businessContext: form.businessContext,
    faq: form.faq.map((f) => ({ question: f.question, answer: f.answer })),
    tone:
      form.tonePreset === "custom" || !isPreset(form.tonePreset)
        ? { preset: "custom", words: form.toneWords }
        : { preset: form.tonePreset },
    provider: form.provider,
    model: form.model.trim() === "" ? null : form.model,
    // "" and "12.5" must fail as numbers do, not become 0 or be rounded.
    maxReplyLength: trimmedLength === "" ? Number.NaN : Number(trimmedLength),
    handoverPhrases: form.handoverPhrases
      .split("\n")
      .map((p) => p.trim())
      .filter(Boolean),
    handoverMessage: form.handoverMessage,
    fallbackMessage: form.fallbackMessage,
    onFailure: form.onFailure,
  };
}

/** Which form field a schema issue belongs to. */
function fieldOf(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  if (head === "tone") return "toneWords";
  if (head === "faq" && rest.length >= 2) return `faq.${rest[0]}.${rest[1]}`;
  if (head === "handoverPhrases") return "handoverPhrases";
  return head ?? "form";
}

const HUMAN: Record<string, string> = {
  maxReplyLength: "Enter a whole number of characters between 40 and 1000.",
};

export function fromForm(
  form: AiForm,
): { ok: true; settings: AiSettings } | { ok: false; errors: FormErrors } {
  const parsed = AiSettings.safeParse(candidate(form));
  if (parsed.success) return { ok: true, settings: parsed.data };
  const errors: FormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOf(issue.path);
    if (!errors[field]) errors[field] = HUMAN[field] ?? capitalize(issue.message);
  }
  return { ok: false, errors };
}

/** The same settings as an `ai_reply` override, for "Try it" on unsaved changes. */
export function toOverrides(settings: AiSettings): AiOverrides {
  const { model, ...rest } = settings;
  return model ? { ...rest, model } : rest;
}

function capitalize(s: string) {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}
