import { AiProviderKeyInput, AiSettings } from "../../shared/ai-settings.ts";
import { AiPreview, AiSettingsView, ProviderKeySaved, ProvidersView } from "../../shared/api/ai.ts";
import { ApiError } from "../../shared/api/errors.ts";
import { type Operation, ok } from "./openapi-operation.ts";
import { AiPreviewInput } from "./routes/ai-settings.ts";

/** AI replies: per-account settings, a preview answer, the workspace's provider keys (routes/ai-settings.ts). */
export const AI_OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/ai-settings/{accountId}",
    summary: "An account's AI reply settings (defaults until saved), who answers, this month's AI usage",
    tag: "ai",
    responses: { 200: ok("Settings", AiSettingsView), 404: ok("Not in this workspace", ApiError) },
  },
  {
    method: "put",
    path: "/api/ai-settings/{accountId}",
    summary: "Save an account's AI reply settings (automations may override them per ai_reply action)",
    tag: "ai",
    body: AiSettings,
    responses: {
      200: ok("Saved", AiSettingsView),
      400: ok("Invalid", ApiError),
      404: ok("Not in this workspace", ApiError),
    },
  },
  {
    method: "post",
    path: "/api/ai-settings/{accountId}/preview",
    summary: "The answer a person would get to a message (not sent, not stored; counted in usage)",
    tag: "ai",
    body: AiPreviewInput,
    responses: { 200: ok("Answer and how it was produced", AiPreview), 400: ok("Invalid", ApiError) },
  },
  {
    method: "get",
    path: "/api/ai-providers",
    summary: "AI providers (admins): the workspace's keys (masked), the server's, and what 'auto' uses",
    tag: "ai",
    responses: { 200: ok("Providers", ProvidersView) },
  },
  {
    method: "put",
    path: "/api/ai-providers/{provider}",
    summary: "Store the workspace's key (encrypted), base URL and model for a provider",
    tag: "ai",
    body: AiProviderKeyInput,
    responses: {
      200: ok("Stored (key masked)", ProviderKeySaved),
      400: ok("Invalid", ApiError),
      403: ok("Needs admin", ApiError),
    },
  },
  {
    method: "delete",
    path: "/api/ai-providers/{provider}",
    summary: "Forget the workspace's key for a provider",
    tag: "ai",
    responses: { 204: ok("Deleted"), 404: ok("No key stored", ApiError) },
  },
];
