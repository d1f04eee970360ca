import type { AiOverrides, AiSettings } from "../../shared/ai-settings.ts";
import { AiSettings as AiSettingsSchema } from "../../shared/ai-settings.ts";

/** The settings one AI answer uses: the account's, overridden by the action's own fields. */
export type ResolvedAiSettings = Omit<AiSettings, "model"> & {
  model: string | null;
  /** The automation's own instructions (the action's `instructions`). */
  instructions: string | undefined;
};

export const defaultAiSettings = (): AiSettings => AiSettingsSchema.parse({});

export function resolveSettings(
  account: AiSettings | undefined,
  action: AiOverrides & { instructions?: string | undefined },
): ResolvedAiSettings {
  const base = account ?? defaultAiSettings();
  const pick = <K extends keyof AiOverrides>(key: K) =>
    (action[key] ?? base[key as keyof AiSettings]) as never;
  return {
    systemPrompt: pick("systemPrompt"),
    businessContext: pick("businessContext"),
    faq: pick("faq"),
    tone: pick("tone"),
    provider: pick("provider"),
    model: action.model ?? base.model,
    maxReplyLength: pick("maxReplyLength"),
    handoverPhrases: pick("handoverPhrases"),
    handoverMessage: pick("handoverMessage"),
    fallbackMessage: pick("fallbackMessage"),
    onFailure: pick("onFailure"),
    instructions: action.instructions,
  };
}
