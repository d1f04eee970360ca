import pino from "pino";

/**
 * Bounds on what one log line may carry. A failed query once logged all its parameters (people's
 * messages, up to 7.8 MB a line); these caps keep a line readable and keep people's data out.
 */
export const MAX_FIELD_CHARS = 2_048;
export const MAX_LINE_BYTES = 4_096;
const MAX_DEPTH = 6;
const MAX_ITEMS = 50;

type ErrorWithParams = Error & { params?: unknown; query?: unknown; cause?: unknown };

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never cut between the two halves of a surrogate pair (the line must stay valid UTF-8).
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…[+${text.length - end} chars]`;
}

/** Drizzle's "Failed query: …\nparams: …" text, without the parameters, along the cause chain. */
function withoutQueryParams(text: string, err: unknown): string {
  let out = text;
  for (let e = err as ErrorWithParams | undefined, hops = 0; e && hops < 10; e = e.cause as never, hops++) {
    if (Array.isArray(e.params)) out = out.split(`\nparams: ${e.params}`).join("\nparams: [redacted]");
  }
  return out;
}

function serializeError(err: Error): Record<string, unknown> {
  const out = { ...pino.stdSerializers.err(err) } as Record<string, unknown>;
  delete out.raw;
  // Query parameters are the values being stored: people's messages, tokens. Keep the count only.
  const params = (err as ErrorWithParams).params;
  if (Array.isArray(params)) out.params = `[redacted: ${params.length} params]`;
  for (const key of ["message", "stack"] as const) {
    if (typeof out[key] === "string") out[key] = withoutQueryParams(out[key] as string, err);
  }
  return out;
}

function cap(value: unknown, depth: number): unknown {
  if (typeof value === "string") return truncate(value, MAX_FIELD_CHARS);
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Error) return cap(serializeError(value), depth);
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => cap(v, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`…[+${value.length - MAX_ITEMS} items]`);
    return items;
  }
  // Leave objects that serialize themselves (Date, Buffer, URL…) to JSON, capped as text.
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
    const json = (value as { toJSON: () => unknown }).toJSON();
    return typeof json === "string" ? truncate(json, MAX_FIELD_CHARS) : cap(json, depth);
  }
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value);
  for (const key of keys.slice(0, MAX_ITEMS))
    out[key] = cap((value as Record<string, unknown>)[key], depth + 1);
  if (keys.length > MAX_ITEMS) out["…"] = `+${keys.length - MAX_ITEMS} keys`;
  return out;
}

/** pino's `err` serializer: the capped form above (pino's own would re-type a plain object). */
export function serializeLogError(value: unknown): unknown {
  return value instanceof Error ? cap(value, 0) : value;
}

/** pino `formatters.log`: every field capped, errors serialized without query parameters. */
export function capLogFields(fields: Record<string, unknown>): Record<string, unknown> {
  return cap(fields, 0) as Record<string, unknown>;
}

const KEPT_WHEN_SHRUNK = ["level", "time", "pid", "hostname", "app", "version", "reqId", "msg"];

/**
 * pino `hooks.streamWrite`: a line still over MAX_LINE_BYTES (many capped fields) is replaced by
 * its identifying fields, the message and its original size, so it stays one valid JSON line.
 */
export function capLogLine(line: string): string {
  if (Buffer.byteLength(line) <= MAX_LINE_BYTES) return line;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `${JSON.stringify({ msg: "log.line-unparseable", bytes: Buffer.byteLength(line) })}\n`;
  }
  const kept: Record<string, unknown> = {};
  for (const key of KEPT_WHEN_SHRUNK) {
    const v = parsed[key];
    if (v !== undefined) kept[key] = typeof v === "string" ? truncate(v, 256) : v;
  }
  const err = parsed.err as { type?: unknown; message?: unknown; code?: unknown } | undefined;
  if (err && typeof err === "object") {
    kept.err = {
      type: err.type,
      code: err.code,
      message: typeof err.message === "string" ? truncate(err.message, 1_024) : undefined,
    };
  }
  kept.truncated = { bytes: Buffer.byteLength(line), fields: Object.keys(parsed).length };
  return `${JSON.stringify(kept)}\n`;
}
