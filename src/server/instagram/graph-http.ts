import type { z } from "zod";
import { cleanJson, cleanText } from "../security/unsafe-input.ts";
import { GraphError, graphErrorFromResponse, transportError } from "./graph-error.ts";
import { type GraphUsage, readUsageHeaders } from "./graph-usage.ts";

export interface GraphHttpOptions {
  timeoutMs: number;
  /** Called with the usage headers of every answer (for pacing). */
  onUsage?: (usage: GraphUsage, url: string) => void;
}

export interface GraphRequest<T> {
  method: "GET" | "POST" | "DELETE";
  url: string;
  query?: Record<string, string | undefined>;
  /** Sent as `Authorization: Bearer`, never in the URL: URLs end up in proxies' logs. */
  token?: string;
  json?: unknown;
  form?: Record<string, string>;
  schema: z.ZodType<T>;
}

/**
 * One call to a Graph-shaped API: timeout, error parsing and classification, usage headers,
 * and a zod-checked answer. Meta's answers are data from outside: never trusted unparsed.
 */
export async function graphRequest<T>(options: GraphHttpOptions, req: GraphRequest<T>): Promise<T> {
  const url = new URL(req.url);
  // Text Meta receives and text it answers are valid Unicode without U+0000 (lone surrogates
  // → U+FFFD): what autodm sends must match what it stored, and answers get stored.
  for (const [k, v] of Object.entries(req.query ?? {}))
    if (v !== undefined) url.searchParams.set(k, cleanText(v));
  const headers: Record<string, string> = { accept: "application/json" };
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  let body: string | undefined;
  if (req.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(cleanJson(req.json).value);
  } else if (req.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(Object.entries(req.form).map(([k, v]) => [k, cleanText(v)])).toString();
  }

  let res: Response;
  try {
    res = await fetch(url, {
      method: req.method,
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (err) {
    const name = (err as Error).name;
    throw transportError(name === "TimeoutError" || name === "AbortError" ? "timeout" : "network", err);
  }
  const usage = readUsageHeaders(res.headers);
  options.onUsage?.(usage, `${url.origin}${url.pathname}`);

  const text = await res.text().catch(() => "");
  let parsed: unknown;
  try {
    parsed = text ? cleanJson(JSON.parse(text)).value : {};
  } catch {
    // not JSON, or nested past the stack (RangeError)
    parsed = undefined;
  }
  if (!res.ok) throw graphErrorFromResponse(res.status, parsed, usage.regainAccessMinutes);
  if (parsed === undefined) {
    throw new GraphError("Meta answered something that is not JSON", { httpStatus: res.status, code: -2 });
  }
  const checked = req.schema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new GraphError(
      `unexpected answer from Meta at ${issue?.path.join(".") || "(root)"}: ${issue?.message}`,
      {
        httpStatus: res.status,
        code: -2,
      },
    );
  }
  return checked.data;
}
