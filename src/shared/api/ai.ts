import { z } from "zod";
import { AiSettings, KEYED_PROVIDERS } from "../ai-settings.ts";

/** Who answers: a provider's model, or "offline answers" (the FAQ) and why. */
export const ProviderView = z.object({
  provider: z.string().describe("openai | anthropic | openai-compatible | offline"),
  /** The model name, or "offline answers". */
  label: z.string(),
  model: z.string().nullable(),
  source: z.enum(["workspace", "environment"]).nullable(),
  /** Why offline; null when a model answers. */
  reason: z.enum(["chosen", "no_provider", "provider_not_configured"]).nullable(),
});
export type ProviderView = z.infer<typeof ProviderView>;

const tokens = {
  requests: z.number(),
  failures: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
};

/** AI requests and tokens of the workspace in one UTC month ("2026-11"). */
export const MonthUsage = z.object({
  month: z.string(),
  ...tokens,
  byProvider: z.array(z.object({ provider: z.string(), ...tokens })),
});
export type MonthUsage = z.infer<typeof MonthUsage>;

/** GET / PUT /api/ai-settings/:accountId */
export const AiSettingsView = z.object({
  accountId: z.string(),
  /** Defaults until saved. */
  settings: AiSettings,
  saved: z.boolean(),
  updatedAt: z.string().nullable(),
  answeredBy: ProviderView,
  usage: MonthUsage,
});
export type AiSettingsView = z.infer<typeof AiSettingsView>;

/** How an answer was produced, as the activity log and the preview show it (never the prompt, never a key). */
export const AiNote = z.object({
  /** openai | anthropic | openai-compatible | offline | none (a hand-over) */
  provider: z.string(),
  label: z.string(),
  model: z.string().optional(),
  outcome: z.enum(["answer", "offline_answer", "fallback", "handover"]),
  /** Why the answer is not the model's (or the FAQ's): ai_timeout, ai_error, no_faq_match… */
  reason: z.string().optional(),
  detail: z.string().optional(),
  confidence: z.number().optional(),
  inputTokens: z.number().optional(),
  outputTokens: z.number().optional(),
  modelMs: z.number().optional(),
  /** true when a retry re-sent the answer stored by an earlier try. */
  replayed: z.boolean().optional(),
});
export type AiNote = z.infer<typeof AiNote>;

/** POST /api/ai-settings/:accountId/preview: not sent, not stored (counted in usage). */
export const AiPreview = z.object({ text: z.string(), note: AiNote });
export type AiPreview = z.infer<typeof AiPreview>;

/** A provider key as the API shows it: masked. */
export const StoredProviderKey = z.object({
  keyMasked: z.string().nullable(),
  baseUrl: z.string().nullable(),
  model: z.string().nullable(),
});

/** PUT /api/ai-providers/:provider */
export const ProviderKeySaved = StoredProviderKey.extend({ provider: z.enum(KEYED_PROVIDERS) });
export type ProviderKeySaved = z.infer<typeof ProviderKeySaved>;

/** GET /api/ai-providers: the workspace's keys (masked), whether the server has one, what "auto" uses. */
export const ProvidersView = z.object({
  providers: z.array(
    z.object({
      provider: z.enum(KEYED_PROVIDERS),
      workspaceKey: StoredProviderKey.extend({ updatedAt: z.string() }).nullable(),
      environment: z.boolean(),
    }),
  ),
  auto: ProviderView,
});
export type ProvidersView = z.infer<typeof ProvidersView>;
