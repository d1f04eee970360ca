import { describe, expect, it } from "vitest";
import { isServiceUnavailable } from "./unavailable.ts";

const coded = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("isServiceUnavailable", () => {
  it("knows an unreachable server, a PostgreSQL shutdown and node-postgres's words for a lost connection", () => {
    expect(isServiceUnavailable(coded("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"))).toBe(true);
    expect(isServiceUnavailable(coded("terminating connection due to administrator command", "57P01"))).toBe(
      true,
    );
    expect(isServiceUnavailable(coded("the database system is starting up", "57P03"))).toBe(true);
    expect(isServiceUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    // drizzle wraps the driver's error
    const wrapped = new Error("Failed query: select 1", { cause: coded("read ECONNRESET", "ECONNRESET") });
    expect(isServiceUnavailable(wrapped)).toBe(true);
    expect(isServiceUnavailable(new AggregateError([coded("x", "ECONNREFUSED")]))).toBe(true);
  });

  it("leaves bugs and bad data alone (they stay 500 or 400)", () => {
    expect(isServiceUnavailable(new TypeError("cannot read properties of undefined"))).toBe(false);
    expect(isServiceUnavailable(coded("duplicate key value violates unique constraint", "23505"))).toBe(
      false,
    );
    expect(isServiceUnavailable(coded("syntax error", "42601"))).toBe(false);
    expect(isServiceUnavailable(undefined)).toBe(false);
  });
});
