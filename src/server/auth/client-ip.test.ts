import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip.ts";

describe("clientIp", () => {
  it("uses the socket and ignores X-Forwarded-For unless proxies are trusted", () => {
    expect(clientIp("10.0.0.9", "1.2.3.4", 0)).toBe("10.0.0.9");
    expect(clientIp("10.0.0.9", undefined, 1)).toBe("10.0.0.9");
  });

  it("takes the address the trusted proxy appended, not what the client wrote", () => {
    expect(clientIp("10.0.0.9", "203.0.113.7", 1)).toBe("203.0.113.7");
    expect(clientIp("10.0.0.9", "6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
    expect(clientIp("10.0.0.9", "6.6.6.6, 203.0.113.7, 10.0.0.2", 2)).toBe("203.0.113.7");
    expect(clientIp("10.0.0.9", "203.0.113.7", 3)).toBe("203.0.113.7"); // fewer hops than proxies
  });

  it("falls back to the socket when the header is not an address", () => {
    expect(clientIp("10.0.0.9", "not-an-ip", 1)).toBe("10.0.0.9");
    expect(clientIp("10.0.0.9", "2001:db8::1", 1)).toBe("2001:db8::1");
  });
});
