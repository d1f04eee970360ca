import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/database.ts";
import { sandboxSettings } from "../db/schema/index.ts";

/**
 * Faults are deterministic: with shares adding up to s, Graph call number n (a counter shared by
 * every process, in the database) fails when floor(n*s) > floor((n-1)*s) — exactly the share,
 * evenly spread: 0.5 fails every 2nd call, 0.25 every 4th, 1 every call. Which fault a failing
 * call gets is spread the same way, in proportion to the shares (see faultOf).
 */
export const Faults = z.object({
  /** Meta's transient 500 (code 2). */
  errorShare: z.number().min(0).max(1).default(0),
  /** Meta's 613 (calls exceeded the rate limit). */
  rateLimitShare: z.number().min(0).max(1).default(0),
  /**
   * Handled, but answered only after `timeoutMs`: a caller with a shorter timeout sees no
   * answer although the call took effect (the send went out) — Meta's ambiguous timeout.
   */
  timeoutShare: z.number().min(0).max(1).default(0),
  timeoutMs: z.number().int().min(0).max(120_000).default(15_000),
  /** Reported with rate-limit errors as Meta's estimated_time_to_regain_access (minutes). */
  regainAccessMinutes: z.number().int().min(0).max(1440).default(0),
  delayMs: z.number().int().min(0).max(60_000).default(0),
});
export type Faults = z.infer<typeof Faults>;

/** Behaviour switches, including the readings of what META_PLATFORM.md marks unconfirmed. */
export const Behaviour = z.object({
  /** Comments in `changes:[{field,value}]` (documented) or flat `field`/`value` on the entry. */
  commentShape: z.enum(["changes", "flat"]).default("changes"),
  /** api.instagram.com code exchange answer: `{"data":[{...}]}` or the bare object. */
  tokenAnswer: z.enum(["wrapped", "unwrapped"]).default("wrapped"),
  sendsPerSecond: z.number().int().min(1).default(100),
  privateRepliesPerHour: z.number().int().min(1).default(750),
  /**
   * Meta's Conversations API allows 2 calls/s (per token here). Every call is logged
   * (sandbox_graph_calls) either way; set, calls past it in any rolling second answer 613.
   * Off by default: the Sender's reconciliation reads threads in bursts.
   */
  conversationsPerSecond: z.number().int().min(1).max(1000).nullable().default(null),
  /**
   * "Details only for recent messages" (META_PLATFORM.md §5, unconfirmed; Meta's docs say the
   * 20 most recent): set, older messages list with id and created_time only, and reading one
   * answers Meta's "message has been deleted" error. null: every message has its details.
   */
  messageDetailsLimit: z.number().int().min(1).max(10_000).nullable().default(null),
  webhookMaxAttempts: z.number().int().min(1).max(50).default(8),
  webhookBaseBackoffMs: z.number().int().min(10).max(3_600_000).default(1_000),
  webhookMaxBackoffMs: z
    .number()
    .int()
    .min(10)
    .max(36 * 3_600_000)
    .default(60_000),
});
export type Behaviour = z.infer<typeof Behaviour>;

export interface Settings {
  clockOffsetMs: number;
  faults: Faults;
  behaviour: Behaviour;
  faultCounter: number;
}

/** One query per request: the clock must agree across processes sharing the database. */
export async function loadSettings(db: Db): Promise<Settings> {
  const rows = await db.select().from(sandboxSettings);
  const get = (key: string) => rows.find((r) => r.key === key)?.value as Record<string, unknown> | undefined;
  return {
    clockOffsetMs: Number(get("clock")?.offsetMs ?? 0),
    faults: Faults.parse(get("faults") ?? {}),
    behaviour: Behaviour.parse(get("behaviour") ?? {}),
    faultCounter: Number(get("fault_counter")?.n ?? 0),
  };
}

export async function saveSetting(db: Db, key: "faults" | "behaviour", value: object): Promise<void> {
  await db
    .insert(sandboxSettings)
    .values({ key, value })
    .onConflictDoUpdate({ target: sandboxSettings.key, set: { value } });
}

/** Atomic, so concurrent processes agree: returns the new offset. */
export async function advanceClock(db: Db, advanceMs: number): Promise<number> {
  const result = await db.execute<{ offset: string }>(sql`
    insert into autodm.sandbox_settings (key, value) values ('clock', jsonb_build_object('offsetMs', ${advanceMs}::bigint))
    on conflict (key) do update set value = jsonb_build_object('offsetMs',
      coalesce((autodm.sandbox_settings.value->>'offsetMs')::bigint, 0) + ${advanceMs}::bigint)
    returning value->>'offsetMs' as offset`);
  return Number(result.rows[0]?.offset ?? 0);
}

/** The next Graph call number, shared by all processes (only called while faults are on). */
export async function nextFaultCall(db: Db): Promise<number> {
  const result = await db.execute<{ n: string }>(sql`
    insert into autodm.sandbox_settings (key, value) values ('fault_counter', '{"n":1}'::jsonb)
    on conflict (key) do update set value = jsonb_build_object('n',
      coalesce((autodm.sandbox_settings.value->>'n')::bigint, 0) + 1)
    returning value->>'n' as n`);
  return Number(result.rows[0]?.n ?? 1);
}

export async function resetFaultCounter(db: Db): Promise<void> {
  await db.delete(sandboxSettings).where(eq(sandboxSettings.key, "fault_counter"));
}

/** Pure: does call n fail, given a share? See the comment on Faults. */
export function hitsShare(n: number, share: number): boolean {
  if (share <= 0) return false;
  return Math.floor(n * share) > Math.floor((n - 1) * share);
}

export type FaultKind = "error" | "rate-limit" | "timeout";

/** Pure: the fault call n gets, if any. The j-th failing call's kind is picked by the golden-ratio sequence (j·φ mod 1), so each kind keeps its share, evenly spread. */
export function faultOf(
  n: number,
  f: Pick<Faults, "errorShare" | "rateLimitShare" | "timeoutShare">,
): FaultKind | undefined {
  const total = Math.min(1, f.errorShare + f.rateLimitShare + f.timeoutShare);
  if (!hitsShare(n, total)) return undefined;
  const x = (Math.floor(n * total) * 0.6180339887498949) % 1;
  if (x < f.errorShare / total) return "error";
  if (x < (f.errorShare + f.rateLimitShare) / total) return "rate-limit";
  return "timeout";
}

export const sandboxNow = (s: Settings) => new Date(Date.now() + s.clockOffsetMs);
