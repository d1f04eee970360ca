import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import type { StoredProviderKey } from "./ai-settings-repo.ts";
import { resolveProvider } from "./provider-resolver.ts";

const env = (vars: Record<string, string> = {}) => loadConfig(vars).ai;
const key = (
  provider: StoredProviderKey["provider"],
  extra: Partial<StoredProviderKey> = {},
): StoredProviderKey => ({
  provider,
  apiKey: "sk-workspace-key",
  baseUrl: undefined,
  model: undefined,
  updatedAt: new Date(),
  ...extra,
});

describe("resolveProvider", () => {
  it("answers offline with no key anywhere", () => {
    expect(resolveProvider("auto", null, [], env())).toEqual({ kind: "offline", reason: "no_provider" });
    expect(resolveProvider("openai", null, [], env())).toEqual({
      kind: "offline",
      reason: "provider_not_configured",
    });
    expect(resolveProvider("offline", null, [key("openai")], env())).toEqual({
      kind: "offline",
      reason: "chosen",
    });
  });

  it("uses the environment's keys, OpenAI first, with AI_MODEL or the default model", () => {
    const e = env({ ANTHROPIC_API_KEY: "sk-ant-env-key", OPENAI_API_KEY: "sk-openai-env" });
    expect(resolveProvider("auto", null, [], e)).toMatchObject({
      kind: "model",
      source: "environment",
      target: {
        provider: "openai",
        model: "gpt-4o-mini",
        baseUrl: "https://api.openai.com/v1",
        apiKey: "sk-openai-env",
      },
    });
    expect(
      resolveProvider(
        "anthropic",
        null,
        [],
        env({ ANTHROPIC_API_KEY: "sk-ant-env-key", AI_MODEL: "claude-x" }),
      ),
    ).toMatchObject({
      target: { provider: "anthropic", model: "claude-x", apiKey: "sk-ant-env-key" },
    });
    expect(
      resolveProvider("auto", null, [], env({ AI_BASE_URL: "http://127.0.0.1:11434/v1/" })),
    ).toMatchObject({
      target: { provider: "openai-compatible", baseUrl: "http://127.0.0.1:11434/v1", apiKey: undefined },
    });
  });

  it("prefers the workspace's own key, and the settings' model over the key's", () => {
    const e = env({ OPENAI_API_KEY: "sk-openai-env" });
    const keys = [key("anthropic", { model: "claude-own" })];
    expect(resolveProvider("auto", null, keys, e)).toMatchObject({
      source: "workspace",
      target: { provider: "anthropic", model: "claude-own", apiKey: "sk-workspace-key" },
    });
    expect(resolveProvider("auto", "claude-chosen", keys, e)).toMatchObject({
      target: { model: "claude-chosen" },
    });
  });

  it("needs a base URL for an OpenAI-compatible workspace entry, and a key for OpenAI", () => {
    expect(
      resolveProvider(
        "openai-compatible",
        null,
        [key("openai-compatible", { apiKey: undefined, baseUrl: "http://llm:8080/v1" })],
        env(),
      ),
    ).toMatchObject({
      target: { provider: "openai-compatible", baseUrl: "http://llm:8080/v1" },
    });
    expect(
      resolveProvider(
        "openai",
        null,
        [key("openai", { apiKey: undefined, baseUrl: "http://proxy/v1" })],
        env(),
      ),
    ).toEqual({
      kind: "offline",
      reason: "provider_not_configured",
    });
  });
});
