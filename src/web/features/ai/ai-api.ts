import { queryOptions } from "@tanstack/react-query";
import type { AiOverrides, AiSettings, KeyedProvider } from "../../../shared/ai-settings.ts";
import { api } from "../../lib/api-client.ts";

/** /api/ai-settings/:accountId and /api/ai-providers (src/server/http/routes/ai-settings.ts). */

export interface ProviderView {
  /** openai | anthropic | openai-compatible | offline */
  provider: string;
  /** The model name, or "offline answers". */
  label: string;
  model: string | null;
  source: "workspace" | "environment" | null;
  reason: "chosen" | "no_provider" | "provider_not_configured" | null;
}

export interface MonthUsage {
  month: string;
  requests: number;
  failures: number;
  inputTokens: number;
  outputTokens: number;
  byProvider: {
    provider: string;
    requests: number;
    failures: number;
    inputTokens: number;
    outputTokens: number;
  }[];
}

export interface AiSettingsView {
  accountId: string;
  settings: AiSettings;
  saved: boolean;
  updatedAt: string | null;
  answeredBy: ProviderView;
  usage: MonthUsage;
}

export interface PreviewNote {
  provider: string;
  label: string;
  model?: string;
  outcome: "answer" | "offline_answer" | "fallback" | "handover";
  reason?: string;
  detail?: string;
  confidence?: number;
  inputTokens?: number;
  outputTokens?: number;
}

export interface ProvidersView {
  providers: {
    provider: KeyedProvider;
    workspaceKey: {
      keyMasked: string | null;
      baseUrl: string | null;
      model: string | null;
      updatedAt: string;
    } | null;
    environment: boolean;
  }[];
  auto: ProviderView;
}

const path = (accountId: string) => `/api/ai-settings/${encodeURIComponent(accountId)}`;

export const aiQueries = {
  settings: (accountId: string) =>
    queryOptions({
      queryKey: ["ai-settings", accountId],
      queryFn: () => api.get<AiSettingsView>(path(accountId)),
    }),
  providers: () =>
    queryOptions({ queryKey: ["ai-providers"], queryFn: () => api.get<ProvidersView>("/api/ai-providers") }),
};

export const aiApi = {
  save: (accountId: string, settings: AiSettings) => api.put<AiSettingsView>(path(accountId), settings),
  preview: (accountId: string, message: string, overrides?: AiOverrides) =>
    api.post<{ text: string; note: PreviewNote }>(`${path(accountId)}/preview`, {
      message,
      ...(overrides ? { overrides } : {}),
    }),
  putKey: (provider: KeyedProvider, input: { apiKey?: string; baseUrl?: string; model?: string }) =>
    api.put<{ provider: KeyedProvider; keyMasked: string | null }>(
      `/api/ai-providers/${encodeURIComponent(provider)}`,
      input,
    ),
  deleteKey: (provider: KeyedProvider) => api.delete(`/api/ai-providers/${encodeURIComponent(provider)}`),
};

export const PROVIDER_LABEL: Record<string, string> = {
  auto: "Automatic",
  openai: "OpenAI",
  anthropic: "Anthropic",
  "openai-compatible": "OpenAI-compatible server",
  offline: "Offline — FAQ only",
};

/** Why no model answers, in words. */
export const OFFLINE_REASON: Record<NonNullable<ProviderView["reason"]>, string> = {
  chosen: "You chose offline answers.",
  no_provider: "No AI provider key is set for this workspace or the server.",
  provider_not_configured: "The provider you chose has no key yet.",
};
