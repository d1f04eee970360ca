/** A fixed-window counter per key, in memory (per process), pruned as it goes. */
export class AttemptLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one attempt; false when the key is over its limit in the current window. */
  take(key: string, now = Date.now()): boolean {
    if (this.windows.size > 10_000) {
      for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    }
    const current = this.windows.get(key);
    if (!current || current.resetAt <= now) {
      this.windows.set(key, { count: 1, resetAt: now + this.windowMs });
      return true;
    }
    current.count += 1;
    return current.count <= this.max;
  }

  /** How long until the key's window resets (0 when it has none). */
  retryAfterMs(key: string, now = Date.now()): number {
    const current = this.windows.get(key);
    return current ? Math.max(0, current.resetAt - now) : 0;
  }
}
