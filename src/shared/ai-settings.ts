import { z } from "zod";
import { messageText, nonBlank } from "./automation-fields.ts";

/**
 * AI replies' settings (PRODUCT.md "AI replies"): per connected account, and overridable per
 * automation by the same fields on its `ai_reply` action. Isomorphic: the API validates with it
 * and the dashboard edits it.
 */

export const TONE_PRESETS = ["professional", "friendly", "playful", "concise", "luxury"] as const;
export type TonePreset = (typeof TONE_PRESETS)[number];

export const Tone = z.discriminatedUnion(
  "preset",
  [
    z.object({ preset: z.enum(TONE_PRESETS) }),
    /** The owner's own words: "warm, witty, a little nerdy". */
    z.object({ preset: z.literal("custom"), words: nonBlank("tone words", 200) }),
  ],
  { error: 'tone.preset must be professional, friendly, playful, concise, luxury or custom (with "words")' },
);
export type Tone = z.infer<typeof Tone>;

/** "auto": a workspace key if any, else the server's environment keys, else offline answers. */
export const AI_PROVIDERS = ["auto", "openai", "anthropic", "openai-compatible", "offline"] as const;
export type AiProviderChoice = (typeof AI_PROVIDERS)[number];
/** Providers that need a key or a base URL (what the workspace may store). */
export const KEYED_PROVIDERS = ["openai", "anthropic", "openai-compatible"] as const;
export type KeyedProvider = (typeof KEYED_PROVIDERS)[number];

export const FaqEntry = z.object({
  question: nonBlank("question", 300),
  answer: messageText.pipe(z.string().max(1000, { error: "answer must be at most 1000 characters" })),
});
export type FaqEntry = z.infer<typeof FaqEntry>;

export const MAX_FAQ_ENTRIES = 500;

/** Every field, each optional: what an `ai_reply` action may override. */
export const aiOverrideFields = {
  systemPrompt: z
    .string()
    .trim()
    .max(4000, { error: "systemPrompt must be at most 4000 characters" })
    .optional(),
  /** What you sell, prices, hours, links: free text. */
  businessContext: z
    .string()
    .trim()
    .max(8000, { error: "businessContext must be at most 8000 characters" })
    .optional(),
  faq: z
    .array(FaqEntry)
    .max(MAX_FAQ_ENTRIES, { error: `at most ${MAX_FAQ_ENTRIES} FAQ entries` })
    .optional(),
  tone: Tone.optional(),
  provider: z
    .enum(AI_PROVIDERS, { error: "provider must be auto, openai, anthropic, openai-compatible or offline" })
    .optional(),
  /** The provider's model name; absent: the workspace key's model, AI_MODEL, or the provider default. */
  model: nonBlank("model", 100).optional(),
  /** In characters; replies are also always cut to Instagram's 1000 bytes. */
  maxReplyLength: z
    .int({ error: "maxReplyLength must be a whole number" })
    .min(40, { error: "maxReplyLength must be at least 40" })
    .max(1000, { error: "maxReplyLength must be at most 1000" })
    .optional(),
  /** A message containing one of these (case- and accent-insensitive) hands over to a person. */
  handoverPhrases: z
    .array(nonBlank("hand-over phrase", 100))
    .max(50, { error: "at most 50 phrases" })
    .optional(),
  handoverMessage: messageText.optional(),
  /** Sent when the model fails or times out, or nothing in the FAQ matches well. */
  fallbackMessage: messageText.optional(),
  /** What a provider failure does: send the fallback message, or hand over to a person. */
  onFailure: z
    .enum(["fallback", "handover"], { error: 'onFailure must be "fallback" or "handover"' })
    .optional(),
};

export const AiOverrides = z.object(aiOverrideFields);
export type AiOverrides = z.infer<typeof AiOverrides>;

export const DEFAULT_HANDOVER_PHRASES = [
  "talk to a human",
  "speak to a human",
  "human please",
  "a real person",
  "talk to a person",
  "speak to someone",
  "hablar con una persona",
  "hablar con un humano",
  "falar com um humano",
  "falar com uma pessoa",
  "parler a un humain",
  "parler a quelqu'un",
];

export const AI_DEFAULTS = {
  systemPrompt: "You answer Instagram direct messages for this business, helpfully and honestly.",
  businessContext: "",
  faq: [] as FaqEntry[],
  tone: { preset: "friendly" } as Tone,
  provider: "auto" as AiProviderChoice,
  maxReplyLength: 500,
  handoverPhrases: DEFAULT_HANDOVER_PHRASES,
  handoverMessage: "Sure! A person from our team will answer you here soon.",
  fallbackMessage: "Thanks for your message! A person from our team will get back to you soon.",
  onFailure: "fallback" as "fallback" | "handover",
};

/** An account's settings as stored and edited (every field present, defaults filled in). */
export const AiSettings = z.object({
  systemPrompt: z
    .string()
    .trim()
    .max(4000, { error: "systemPrompt must be at most 4000 characters" })
    .default(AI_DEFAULTS.systemPrompt),
  businessContext: z
    .string()
    .trim()
    .max(8000, { error: "businessContext must be at most 8000 characters" })
    .default(""),
  faq: z
    .array(FaqEntry)
    .max(MAX_FAQ_ENTRIES, { error: `at most ${MAX_FAQ_ENTRIES} FAQ entries` })
    .default([]),
  tone: Tone.default(AI_DEFAULTS.tone),
  provider: aiOverrideFields.provider.unwrap().default("auto"),
  model: nonBlank("model", 100).nullable().default(null),
  maxReplyLength: aiOverrideFields.maxReplyLength.unwrap().default(AI_DEFAULTS.maxReplyLength),
  handoverPhrases: aiOverrideFields.handoverPhrases.unwrap().default(DEFAULT_HANDOVER_PHRASES),
  handoverMessage: messageText.default(AI_DEFAULTS.handoverMessage),
  fallbackMessage: messageText.default(AI_DEFAULTS.fallbackMessage),
  onFailure: aiOverrideFields.onFailure.unwrap().default("fallback"),
});
export type AiSettings = z.infer<typeof AiSettings>;

/** PUT /api/ai-providers/:provider */
export const AiProviderKeyInput = z
  .object({
    apiKey: z.string().trim().min(8, { error: "apiKey looks too short" }).max(500).optional(),
    /** OpenAI-compatible servers (a local model); also lets OpenAI/Anthropic go through a proxy. */
    baseUrl: z
      .string()
      .trim()
      .regex(/^https?:\/\/\S+$/i, { error: "baseUrl must be an http(s) URL" })
      .max(500)
      .optional(),
    model: nonBlank("model", 100).optional(),
  })
  .refine((v) => v.apiKey !== undefined || v.baseUrl !== undefined, {
    error: "give apiKey, baseUrl, or both",
  });
export type AiProviderKeyInput = z.infer<typeof AiProviderKeyInput>;
