import type { AiProviderChoice, KeyedProvider } from "../../shared/ai-settings.ts";
import { KEYED_PROVIDERS } from "../../shared/ai-settings.ts";
import type { AiConfig } from "../config.ts";
import type { StoredProviderKey } from "./ai-settings-repo.ts";
import type { ModelTarget } from "./model-client.ts";

/**
 * Which provider answers: the choice in the settings ("auto": the workspace's own keys first,
 * then the server's environment, in the order OpenAI, Anthropic, OpenAI-compatible), and, with
 * none configured, offline answers from the FAQ. Pure.
 */

export const DEFAULT_MODELS: Record<KeyedProvider, string> = {
  openai: "gpt-4o-mini",
  anthropic: "claude-3-5-haiku-latest",
  "openai-compatible": "default",
};

export type ProviderSource = "workspace" | "environment";

export type ResolvedProvider =
  | { kind: "model"; target: ModelTarget; source: ProviderSource }
  | { kind: "offline"; reason: "chosen" | "no_provider" | "provider_not_configured" };

interface Credentials {
  apiKey: string | undefined;
  baseUrl: string;
  model: string | undefined;
  source: ProviderSource;
}

function credentials(
  provider: KeyedProvider,
  keys: readonly StoredProviderKey[],
  env: AiConfig,
): Credentials | undefined {
  const own = keys.find((k) => k.provider === provider);
  const envBase =
    provider === "openai"
      ? env.openai.baseUrl
      : provider === "anthropic"
        ? env.anthropic.baseUrl
        : env.compatible.baseUrl;
  if (own && (own.apiKey || own.baseUrl)) {
    const baseUrl = own.baseUrl ?? envBase;
    // An OpenAI-compatible server needs a URL; OpenAI and Anthropic need a key.
    if (baseUrl && (provider === "openai-compatible" || own.apiKey))
      return { apiKey: own.apiKey, baseUrl, model: own.model, source: "workspace" };
  }
  if (provider === "openai" && env.openai.apiKey)
    return {
      apiKey: env.openai.apiKey,
      baseUrl: env.openai.baseUrl,
      model: undefined,
      source: "environment",
    };
  if (provider === "anthropic" && env.anthropic.apiKey)
    return {
      apiKey: env.anthropic.apiKey,
      baseUrl: env.anthropic.baseUrl,
      model: undefined,
      source: "environment",
    };
  if (provider === "openai-compatible" && env.compatible.baseUrl)
    return {
      apiKey: env.compatible.apiKey,
      baseUrl: env.compatible.baseUrl,
      model: undefined,
      source: "environment",
    };
  return undefined;
}

export function resolveProvider(
  choice: AiProviderChoice,
  model: string | null,
  keys: readonly StoredProviderKey[],
  env: AiConfig,
): ResolvedProvider {
  if (choice === "offline") return { kind: "offline", reason: "chosen" };
  const candidates: KeyedProvider[] = choice === "auto" ? [...KEYED_PROVIDERS] : [choice];
  // "auto": a workspace key beats the environment, whatever the provider.
  const ordered =
    choice === "auto"
      ? [
          ...candidates.filter((p) => credentials(p, keys, env)?.source === "workspace"),
          ...candidates.filter((p) => credentials(p, keys, env)?.source === "environment"),
        ]
      : candidates;
  for (const provider of ordered) {
    const c = credentials(provider, keys, env);
    if (!c) continue;
    return {
      kind: "model",
      source: c.source,
      target: {
        provider,
        model: model ?? c.model ?? env.model ?? DEFAULT_MODELS[provider],
        baseUrl: c.baseUrl,
        apiKey: c.apiKey,
      },
    };
  }
  return { kind: "offline", reason: choice === "auto" ? "no_provider" : "provider_not_configured" };
}
