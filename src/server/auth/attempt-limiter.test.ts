import { describe, expect, it } from "vitest";
import { AttemptLimiter } from "./attempt-limiter.ts";

describe("AttemptLimiter", () => {
  it("allows max attempts per key in a window, then refuses until the window ends", () => {
    const limiter = new AttemptLimiter(3, 1_000);
    const t = 10_000;
    expect([1, 2, 3, 4].map(() => limiter.take("a@x", t))).toEqual([true, true, true, false]);
    expect(limiter.take("a@x", t + 999)).toBe(false);
    expect(limiter.take("b@x", t + 999)).toBe(true); // keys are independent
    expect(limiter.take("a@x", t + 1_000)).toBe(true); // a new window
  });

  it("forgets expired windows once many keys accumulate", () => {
    const limiter = new AttemptLimiter(1, 100);
    for (let i = 0; i <= 10_001; i++) limiter.take(`ip-${i}`, 0);
    expect(limiter.take("ip-0", 0)).toBe(false);
    limiter.take("late", 200); // prunes every window that ended
    expect((limiter as unknown as { windows: Map<string, unknown> }).windows.size).toBe(1);
    expect(limiter.take("ip-0", 200)).toBe(true);
  });
});
