import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Local HTTP servers speaking the AI providers' wire protocols, standing in for them in tests:
 * OpenAI's chat completions (`POST /v1/chat/completions`, also what OpenAI-compatible local
 * servers speak) and Anthropic's messages (`POST /v1/messages`, `x-api-key`,
 * `anthropic-version`). Each records every request (normalized, and raw) and answers with what
 * a script decides: a text with token usage, an HTTP error in the provider's error shape, or
 * silence for a while (timeouts).
 */

export interface ModelRequest {
  provider: "openai" | "anthropic";
  path: string;
  headers: Record<string, string | undefined>;
  model: string;
  system: string;
  /** The conversation after the system text, content flattened to strings. */
  messages: { role: string; content: string }[];
  maxTokens: number | undefined;
  raw: Record<string, unknown>;
}

export type ScriptAnswer =
  | { text: string; inputTokens?: number; outputTokens?: number; delayMs?: number }
  | { status: number; message?: string; delayMs?: number };

export type ModelScript = (req: ModelRequest) => ScriptAnswer | Promise<ScriptAnswer>;

export interface ModelServer {
  /** Base URL ending in /v1, for OPENAI_BASE_URL / ANTHROPIC_BASE_URL / AI_BASE_URL. */
  baseUrl: string;
  readonly requests: ModelRequest[];
  script: ModelScript;
  close(): Promise<void>;
}

const flatten = (content: unknown): string =>
  typeof content === "string"
    ? content
    : Array.isArray(content)
      ? content.map((part) => (part as { text?: string }).text ?? "").join("")
      : "";

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const estimate = (s: string) => Math.ceil(s.length / 4);

export async function startModelServer(
  provider: "openai" | "anthropic",
  script: ModelScript = () => ({ text: "ok" }),
): Promise<ModelServer> {
  const requests: ModelRequest[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const state = { script };
  const server: Server = createServer(async (req, res) => {
    const path = req.url ?? "";
    const expected = provider === "openai" ? "/v1/chat/completions" : "/v1/messages";
    if (req.method !== "POST" || path !== expected)
      return send(res, 404, { error: { message: `no route ${path}` } });
    const raw = await readJson(req);
    const all = (raw.messages as { role: string; content: unknown }[] | undefined) ?? [];
    const normalized: ModelRequest = {
      provider,
      path,
      headers: {
        authorization: req.headers.authorization,
        "x-api-key": req.headers["x-api-key"] as string | undefined,
        "anthropic-version": req.headers["anthropic-version"] as string | undefined,
      },
      model: String(raw.model),
      system:
        provider === "openai"
          ? all
              .filter((m) => m.role === "system" || m.role === "developer")
              .map((m) => flatten(m.content))
              .join("\n")
          : flatten(raw.system),
      messages: all
        .filter((m) => m.role !== "system" && m.role !== "developer")
        .map((m) => ({ role: m.role, content: flatten(m.content) })),
      maxTokens: (raw.max_tokens ?? raw.max_completion_tokens) as number | undefined,
      raw,
    };
    requests.push(normalized);
    const answer = await state.script(normalized);
    if (answer.delayMs) {
      // Hold the answer (a slow model); give up quietly if the client went away.
      await sleep(answer.delayMs);
      if (res.destroyed) return;
    }
    if ("status" in answer) {
      const message = answer.message ?? `scripted failure ${answer.status}`;
      return provider === "openai"
        ? send(res, answer.status, {
            error: {
              message,
              type: answer.status === 429 ? "rate_limit_exceeded" : "server_error",
              code: null,
            },
          })
        : send(res, answer.status, {
            type: "error",
            error: { type: answer.status === 429 ? "rate_limit_error" : "api_error", message },
          });
    }
    const input =
      answer.inputTokens ?? estimate(normalized.system + normalized.messages.map((m) => m.content).join(""));
    const output = answer.outputTokens ?? estimate(answer.text);
    if (provider === "openai") {
      return send(res, 200, {
        id: `chatcmpl-${requests.length}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: normalized.model,
        choices: [{ index: 0, message: { role: "assistant", content: answer.text }, finish_reason: "stop" }],
        usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
      });
    }
    return send(res, 200, {
      id: `msg_${requests.length}`,
      type: "message",
      role: "assistant",
      model: normalized.model,
      content: [{ type: "text", text: answer.text }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: input, output_tokens: output },
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get script() {
      return state.script;
    },
    set script(s: ModelScript) {
      state.script = s;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A scripted model for conversations: it recites its system text when asked to (a model that
 * falls for prompt extraction, so the output guard is what protects the prompt), answers from
 * what it was given, and uses the history — asked "when does it start?" after a question about
 * the course, it knows which course.
 */
export const scriptedShopModel: ModelScript = (req) => {
  const last = req.messages[req.messages.length - 1]?.content.toLowerCase() ?? "";
  const earlier = req.messages
    .slice(0, -1)
    .map((m) => m.content.toLowerCase())
    .join("\n");
  // Partial leaks, without the section headers or the canary: only the n-gram guard sees them.
  const section = (header: string) => req.system.split(`${header}\n`)[1]?.split("\n\n")[0] ?? "";
  if (/what were you told|sales note/.test(last))
    return { text: `Between us: ${section("OWNER INSTRUCTIONS:")}` };
  if (/word for word|all your facts/.test(last))
    return { text: `Here you go: ${section("BUSINESS INFORMATION:")}` };
  if (
    /(system prompt|instructions|ignore (all |the )?previous|repeat (the|everything)|above|verbatim|configuration|business information)/.test(
      last,
    )
  )
    return { text: `Of course! Here it is: ${req.system}` };
  if (last.includes("start")) {
    return earlier.includes("course")
      ? { text: "The online course starts on May 4th 🧘" }
      : { text: "Which one do you mean?" };
  }
  if (last.includes("course")) return { text: "Our online yoga course is €49, 6 weeks of short lessons." };
  return { text: "Happy to help! What would you like to know?" };
};
