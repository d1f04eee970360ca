/**
 * A circuit breaker per account, in each worker: after `threshold` transient failures in a row
 * (5xx, timeouts) the account's sends stop for `openMs`, then one try is let through; a
 * success closes it again. It spares Meta (and the retry budget) a storm during an outage.
 */
export class CircuitBreaker {
  private readonly state = new Map<string, { failures: number; openUntil: number }>();

  constructor(
    private readonly options: { threshold: number; openMs: number; now?: () => number } = {
      threshold: 5,
      openMs: 30_000,
    },
  ) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  /** ms until the account may be tried again; 0 when closed (or half-open). */
  blockedFor(accountId: string): number {
    const s = this.state.get(accountId);
    return s ? Math.max(0, s.openUntil - this.now()) : 0;
  }

  success(accountId: string) {
    this.state.delete(accountId);
  }

  failure(accountId: string) {
    const s = this.state.get(accountId) ?? { failures: 0, openUntil: 0 };
    s.failures += 1;
    if (s.failures >= this.options.threshold) s.openUntil = this.now() + this.options.openMs;
    this.state.set(accountId, s);
  }
}
