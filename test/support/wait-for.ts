import { setTimeout as sleep } from "node:timers/promises";

/**
 * Polls `probe` until it returns a truthy value, or fails naming `what`. With `retryErrors`,
 * a probe that throws (a server still starting) is tried again; otherwise its error is the
 * test's failure.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | false | undefined | null>,
  options: { timeoutMs?: number; intervalMs?: number; retryErrors?: boolean } = {},
): Promise<T> {
  const { timeoutMs = 20_000, intervalMs = 50, retryErrors = false } = options;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      if (!retryErrors) throw err;
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await sleep(intervalMs);
  }
}
