import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "./circuit-breaker.ts";

describe("circuit breaker", () => {
  it("opens after consecutive failures, half-opens after the pause, closes on success", () => {
    let now = 1_000;
    const breaker = new CircuitBreaker({ threshold: 3, openMs: 10_000, now: () => now });
    breaker.failure("a");
    breaker.failure("a");
    expect(breaker.blockedFor("a")).toBe(0);
    breaker.failure("a");
    expect(breaker.blockedFor("a")).toBe(10_000);
    expect(breaker.blockedFor("b")).toBe(0); // per account
    now += 10_000;
    expect(breaker.blockedFor("a")).toBe(0); // half-open: one try
    breaker.failure("a");
    expect(breaker.blockedFor("a")).toBe(10_000); // failed again: open again
    now += 10_000;
    breaker.success("a");
    breaker.failure("a");
    expect(breaker.blockedFor("a")).toBe(0); // the count started over
  });
});
