/** What the per-item normalizers share while one webhook body is walked. */
import type { InboundEvent } from "./inbound-event.ts";

export interface IgnoredItem {
  reason: string;
  /** JSON-path-like location in the body, e.g. `entry[1].messaging[0]` (`$` is the body itself). */
  path: string;
}

export interface NormalizeContext {
  /** The connected accounts' ids, when the caller knows them (own comments, business-sent events). */
  readonly accountIds: ReadonlySet<string> | undefined;
  readonly events: InboundEvent[];
  readonly ignored: IgnoredItem[];
}

/** The envelope facts of one `entry[]` item that its events fall back on. */
export interface EntryInfo {
  /** `entry[].id`: the account for `changes` (the Page id for `object:"page"`; "0" for dashboard tests). */
  readonly id: string | undefined;
  /** `entry[].time` in milliseconds. */
  readonly timeMs: number | undefined;
}

/**
 * Epoch seconds or milliseconds → milliseconds. Messaging timestamps are ms, `changes` times and
 * the dashboard test payload's `timestamp` are seconds. Rather than trusting the form, go by
 * magnitude: below 1e11 a value can only be seconds (1e11 ms is 1973; 1e11 s is year 5138).
 */
export function toEpochMs(t: number): number {
  return t < 1e11 ? Math.round(t * 1000) : t;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `null`, `array`, `string`… for messages about a value of the wrong kind. */
export function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}
