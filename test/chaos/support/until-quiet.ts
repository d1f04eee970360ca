import { setTimeout as sleep } from "node:timers/promises";
import { jobsLeft } from "../../support/burst-checks.ts";

/**
 * Waits until `count()` reaches `target` with no job left, or until nothing has moved for
 * ~20 s with the queue empty (what is missing then stays missing: the report says how much),
 * or the timeout. Returns the last count.
 */
export async function untilQuiet(
  base: string,
  count: () => Promise<number>,
  target: number,
  log: (what: string) => void,
  timeoutMs: number,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let still = 0;
  for (;;) {
    await sleep(2_000);
    let n = last;
    let left = -1;
    try {
      n = await count();
      left = await jobsLeft(base);
    } catch (err) {
      log(`probe failed: ${(err as Error).message}`);
    }
    still = left === 0 && n === last ? still + 1 : 0;
    last = n;
    log(`${n}/${target}, ${left} jobs left`);
    if ((n >= target && left === 0) || still >= 8 || Date.now() > deadline) return n;
  }
}
