/**
 * Per-account back-off after wrong passwords: `free` failures cost nothing, then each further
 * failure makes the next try wait twice as long (1 s, 2 s, 4 s … up to `maxDelayMs`). A success
 * clears it. Unlike a lock, the real owner is slowed for seconds, not shut out for minutes;
 * the attacker's address is what the per-IP limit shuts out. In memory, per process.
 */
export class FailureBackoff {
  private readonly accounts = new Map<string, { failures: number; retryAt: number; lastAt: number }>();
  constructor(
    private readonly free: number,
    private readonly baseDelayMs = 1_000,
    private readonly maxDelayMs = 60_000,
  ) {}

  /** Milliseconds before `key` may try again (0: now). */
  waitMs(key: string, now = Date.now()): number {
    const entry = this.accounts.get(key);
    return entry ? Math.max(0, entry.retryAt - now) : 0;
  }

  failed(key: string, now = Date.now()): void {
    if (this.accounts.size > 10_000) this.prune(now);
    const entry = this.accounts.get(key) ?? { failures: 0, retryAt: 0, lastAt: now };
    entry.failures += 1;
    entry.lastAt = now;
    const over = entry.failures - this.free;
    entry.retryAt = over > 0 ? now + Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (over - 1)) : 0;
    this.accounts.set(key, entry);
  }

  succeeded(key: string): void {
    this.accounts.delete(key);
  }

  /** Forgets accounts quiet for an hour (their delay long over). */
  private prune(now: number): void {
    for (const [k, e] of this.accounts) if (now - e.lastAt > 3_600_000) this.accounts.delete(k);
  }
}
