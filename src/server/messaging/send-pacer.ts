import { sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";

/** Meta's per-account limits (META_PLATFORM.md §4), with a little headroom. */
export const SEND_LIMITS = {
  /** Send API: 100 calls/s per account; burst up to one second's worth. */
  send: { ratePerSecond: 95, capacity: 95 },
  /** Private replies: 750 per hour per account for posts and reels. */
  private_reply: { ratePerSecond: 740 / 3600, capacity: 740 },
} as const;

export type SendBucket = keyof typeof SEND_LIMITS;

/**
 * A token bucket per (account, kind) in the database, so every worker process draws from the
 * same budget. One atomic statement refills by elapsed time and takes a token; when the bucket
 * is empty it says how long until the next token.
 */
export class SendPacer {
  constructor(
    private readonly db: Db,
    private readonly limits: Record<SendBucket, { ratePerSecond: number; capacity: number }> = SEND_LIMITS,
  ) {}

  /** Takes a token now, or returns how many ms to wait for one. */
  async take(accountId: string, bucket: SendBucket): Promise<{ ok: true } | { ok: false; waitMs: number }> {
    const { ratePerSecond: rate, capacity: cap } = this.limits[bucket];
    const refill = sql`least(${cap}::float8, b.tokens + extract(epoch from (clock_timestamp() - b.updated_at)) * ${rate}::float8)`;
    const taken = await this.db.execute<{ tokens: number }>(sql`
      insert into autodm.send_buckets as b (account_id, bucket, tokens, updated_at)
      values (${accountId}, ${bucket}, ${cap - 1}::float8, clock_timestamp())
      on conflict (account_id, bucket) do update
        set tokens = ${refill} - 1, updated_at = clock_timestamp()
        where ${refill} >= 1
      returning b.tokens`);
    if (taken.rows.length > 0) return { ok: true };
    const current = await this.db.execute<{ tokens: number }>(sql`
      select ${refill} as tokens from autodm.send_buckets b where b.account_id = ${accountId} and b.bucket = ${bucket}`);
    const tokens = Number(current.rows[0]?.tokens ?? 0);
    return { ok: false, waitMs: Math.max(1, Math.ceil(((1 - tokens) / rate) * 1000)) };
  }
}
