import { isUtf8 } from "node:buffer";
import {
  cleanJson,
  cleanText,
  describeUnsafe,
  findUnsafeInput,
  WEBHOOK_INPUT_LIMITS,
} from "../security/unsafe-input.ts";

/** Longest reason kept (and logged) for a delivery set aside: a too-long key would be named in full. */
const MAX_REASON = 500;

export type ScreenedBody =
  /** Storable: `body` has its text cleaned; `raw` is set when that changed anything (the bytes as received). */
  | { kind: "ok"; body: unknown; raw: Uint8Array | undefined }
  | { kind: "malformed" }
  /** Signed, valid JSON, but past what the receiver stores: kept as raw bytes with the reason. */
  | { kind: "unstorable"; reason: string };

/**
 * A signed delivery's bytes → what may be stored. PostgreSQL can hold neither U+0000 nor a lone
 * surrogate in jsonb, and JSON.stringify overflows its stack on deep nesting: text is cleaned
 * (U+0000 removed, lone surrogates → U+FFFD, so they reach neither the database nor Meta),
 * depth and field lengths are checked first, without recursion. Invalid UTF-8 decodes to U+FFFD.
 */
export function screenWebhookBody(raw: Uint8Array): ScreenedBody {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch {
    return { kind: "malformed" };
  }
  const found = findUnsafeInput(parsed, WEBHOOK_INPUT_LIMITS, { structuralOnly: true });
  if (found) return { kind: "unstorable", reason: storableReason(describeUnsafe(found, "body")) };
  const { value, changed } = cleanJson(parsed);
  return { kind: "ok", body: value, raw: changed || !isUtf8(bytes) ? raw : undefined };
}

/** A reason that can itself be stored and logged: capped, then cleaned (a cut may split a pair). */
export function storableReason(reason: string): string {
  return cleanText(reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON)}…` : reason);
}

/**
 * Whether a failed write may be the data's own fault (so the delivery alone is to blame) rather
 * than an outage: PostgreSQL's data exceptions (22…), integrity violations (23…) and program
 * limits (54…), and a RangeError (a value JSON.stringify cannot write). An outage (connection refused, a
 * timeout, 57P01 admin shutdown, 08… connection errors) is none of these: the delivery is
 * answered with an error and Meta retries it.
 */
export function isDataError(err: unknown): boolean {
  // (Not TypeError: node's fetch and sockets throw it for outages too.)
  if (err instanceof RangeError) return true;
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^(22|23|54)[0-9A-Z]{3}$/.test(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
