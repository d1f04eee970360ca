import { describe, expect, it } from "vitest";
import { FailureBackoff } from "./failure-backoff.ts";

describe("FailureBackoff", () => {
  it("lets the free failures through, then doubles the wait, capped", () => {
    const b = new FailureBackoff(3, 1_000, 8_000);
    const t = 100_000;
    for (let i = 0; i < 3; i++) b.failed("owner", t);
    expect(b.waitMs("owner", t)).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      b.failed("owner", t);
      waits.push(b.waitMs("owner", t));
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    expect(b.waitMs("owner", t + 8_000)).toBe(0); // seconds, never a long lock
  });

  it("keeps accounts apart and clears on success", () => {
    const b = new FailureBackoff(0);
    b.failed("a", 0);
    expect(b.waitMs("a", 0)).toBe(1_000);
    expect(b.waitMs("b", 0)).toBe(0);
    b.succeeded("a");
    expect(b.waitMs("a", 0)).toBe(0);
  });

  it("forgets long-quiet accounts once many accumulate", () => {
    const b = new FailureBackoff(0);
    for (let i = 0; i <= 10_001; i++) b.failed(`k${i}`, 0);
    b.failed("late", 3_600_001);
    expect((b as unknown as { accounts: Map<string, unknown> }).accounts.size).toBe(1);
  });
});
