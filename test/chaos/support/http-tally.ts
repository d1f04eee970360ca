/**
 * What a stream of requests got back: statuses by category, connection errors (a reset, a
 * socket closed under the request) and timeouts, and the first few failures word for word so
 * a report says what broke without a rerun.
 */
export class HttpTally {
  readonly statuses = new Map<string, Map<number, number>>();
  connectionErrors = 0;
  timeouts = 0;
  readonly examples: string[] = [];

  record(category: string, status: number) {
    let by = this.statuses.get(category);
    if (!by) {
      by = new Map();
      this.statuses.set(category, by);
    }
    by.set(status, (by.get(status) ?? 0) + 1);
  }

  example(text: string) {
    if (this.examples.length < 12) this.examples.push(text.slice(0, 400));
  }

  /** Sends and records; returns the status, or 0 when no answer came. */
  async send(category: string, url: string, init: RequestInit, describe: () => string): Promise<number> {
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
      // An event stream never ends: its status is the answer.
      if ((res.headers.get("content-type") ?? "").includes("text/event-stream")) await res.body?.cancel();
      else await res.arrayBuffer();
      this.record(category, res.status);
      if (res.status >= 500) this.example(`${category} → ${res.status}: ${describe()}`);
      return res.status;
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      if (e.name === "TimeoutError") this.timeouts++;
      else this.connectionErrors++;
      this.record(category, 0);
      this.example(
        `${category} → ${e.name}: ${e.cause?.code ?? e.cause?.message ?? e.message}: ${describe()}`,
      );
      return 0;
    }
  }

  count(category: string, test: (status: number) => boolean): number {
    let n = 0;
    for (const [status, k] of this.statuses.get(category) ?? []) if (test(status)) n += k;
    return n;
  }

  /** `{category: {status: n}}`, for the report. */
  summary(): Record<string, Record<string, number>> {
    return Object.fromEntries(
      [...this.statuses].map(([c, by]) => [c, Object.fromEntries([...by].sort((a, b) => a[0] - b[0]))]),
    );
  }
}
