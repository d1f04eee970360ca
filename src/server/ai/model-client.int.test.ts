import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ModelServer, startModelServer } from "../../../test/support/ai-provider-servers.ts";
import { buildPrompt } from "./build-prompt.ts";
import { callModel } from "./model-client.ts";
import { resolveSettings } from "./resolve-settings.ts";

/** The AI SDK against local servers speaking OpenAI's and Anthropic's protocols: the exact wire request, errors, timeouts. */
const settings = resolveSettings(undefined, {
  systemPrompt: "You are the Luna Yoga assistant.",
  businessContext: "Course: €49, starts May 4th.",
  maxReplyLength: 300,
});
const prompt = buildPrompt({
  settings,
  history: [
    { role: "user", text: "tell me about the course" },
    { role: "assistant", text: "It is a 6-week online course." },
  ],
  message: "when does it start?",
  canary: "ref-test",
});

describe.each(["openai", "anthropic"] as const)("callModel with %s's protocol", (provider) => {
  let server: ModelServer;
  beforeAll(async () => {
    server = await startModelServer(provider);
  });
  afterAll(() => server.close());
  const target = () => ({
    provider,
    model: `${provider}-test-model`,
    baseUrl: server.baseUrl,
    apiKey: "sk-test-0123456789",
  });

  it("sends the model, the system text, the history and the message, and the token limit", async () => {
    server.script = () => ({ text: "It starts on May 4th.", inputTokens: 321, outputTokens: 9 });
    const result = await callModel(target(), prompt, 5_000);
    expect(result).toMatchObject({
      ok: true,
      text: "It starts on May 4th.",
      inputTokens: 321,
      outputTokens: 9,
    });
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0];
    expect(req?.model).toBe(`${provider}-test-model`);
    expect(req?.system).toBe(prompt.system);
    expect(req?.messages).toEqual([
      { role: "user", content: "tell me about the course" },
      { role: "assistant", content: "It is a 6-week online course." },
      { role: "user", content: "when does it start?" },
    ]);
    expect(req?.maxTokens).toBe(prompt.maxOutputTokens);
    if (provider === "openai") {
      expect(req?.path).toBe("/v1/chat/completions");
      expect(req?.headers.authorization).toBe("Bearer sk-test-0123456789");
    } else {
      expect(req?.path).toBe("/v1/messages");
      expect(req?.headers["x-api-key"]).toBe("sk-test-0123456789");
      expect(req?.headers["anthropic-version"]).toBe("2023-06-01");
    }
  });

  it("reports a 500 as ai_error and a 429 as ai_rate_limited, without retrying", async () => {
    server.requests.length = 0;
    server.script = () => ({ status: 500 });
    expect(await callModel(target(), prompt, 5_000)).toMatchObject({
      ok: false,
      reason: "ai_error",
      status: 500,
    });
    server.script = () => ({ status: 429, message: "slow down" });
    expect(await callModel(target(), prompt, 5_000)).toMatchObject({
      ok: false,
      reason: "ai_rate_limited",
      status: 429,
    });
    expect(server.requests).toHaveLength(2);
  });

  it("gives up at the timeout", async () => {
    server.script = () => ({ text: "too late", delayMs: 3_000 });
    const started = Date.now();
    const result = await callModel(target(), prompt, 300);
    expect(result).toMatchObject({ ok: false, reason: "ai_timeout" });
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});

describe("callModel with an OpenAI-compatible server and no key", () => {
  it("speaks chat completions to the base URL", async () => {
    const server = await startModelServer("openai", () => ({ text: "local answer" }));
    try {
      const result = await callModel(
        { provider: "openai-compatible", model: "llama3.2", baseUrl: server.baseUrl, apiKey: undefined },
        prompt,
        5_000,
      );
      expect(result).toMatchObject({ ok: true, text: "local answer" });
      expect(server.requests[0]).toMatchObject({ path: "/v1/chat/completions", model: "llama3.2" });
    } finally {
      await server.close();
    }
  });
});
