import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { APICallError, generateText } from "ai";
import type { KeyedProvider } from "../../shared/ai-settings.ts";
import { cleanText } from "../security/unsafe-input.ts";
import type { Prompt } from "./build-prompt.ts";

/**
 * One model call through the AI SDK: OpenAI and OpenAI-compatible servers by their
 * chat-completions endpoint (`.chat(model)`, what local servers speak), Anthropic by its
 * messages endpoint. No retries (a DM answer that comes late is worse than the fallback) and
 * our own timeout; failures come back classified, never thrown.
 */

export interface ModelTarget {
  provider: KeyedProvider;
  model: string;
  baseUrl: string;
  apiKey: string | undefined;
}

export type ModelFailure = "ai_timeout" | "ai_rate_limited" | "ai_auth_failed" | "ai_error";

export type ModelResult =
  | { ok: true; text: string; inputTokens: number; outputTokens: number; ms: number }
  | { ok: false; reason: ModelFailure; detail: string; status: number | undefined; ms: number };

function languageModel(target: ModelTarget) {
  if (target.provider === "anthropic") {
    // An explicit key always: the SDK would otherwise read the environment itself.
    return createAnthropic({ baseURL: target.baseUrl, apiKey: target.apiKey ?? "" })(target.model);
  }
  return createOpenAI({
    baseURL: target.baseUrl,
    apiKey: target.apiKey ?? "none",
    ...(target.provider === "openai-compatible" ? { name: "openai-compatible" } : {}),
  }).chat(target.model);
}

export async function callModel(
  target: ModelTarget,
  prompt: Prompt,
  timeoutMs: number,
): Promise<ModelResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const result = await generateText({
      model: languageModel(target),
      system: prompt.system,
      messages: prompt.messages.map((m) => ({ role: m.role, content: m.text })),
      maxOutputTokens: prompt.maxOutputTokens,
      temperature: 0.4,
      maxRetries: 0,
      abortSignal: signal,
    });
    return {
      ok: true,
      // A model's text is outside input: it must be storable (turns, intents) and sendable.
      text: cleanText(result.text),
      inputTokens: result.usage.inputTokens ?? 0,
      outputTokens: result.usage.outputTokens ?? 0,
      ms: ms(),
    };
  } catch (err) {
    if (signal.aborted)
      return {
        ok: false,
        reason: "ai_timeout",
        detail: `no answer in ${timeoutMs} ms`,
        status: undefined,
        ms: ms(),
      };
    if (APICallError.isInstance(err)) {
      const status = err.statusCode;
      const reason: ModelFailure =
        status === 429 ? "ai_rate_limited" : status === 401 || status === 403 ? "ai_auth_failed" : "ai_error";
      return {
        ok: false,
        reason,
        detail: `HTTP ${status ?? "?"}: ${err.message.slice(0, 200)}`,
        status,
        ms: ms(),
      };
    }
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { ok: false, reason: "ai_error", detail: message.slice(0, 200), status: undefined, ms: ms() };
  }
}
