import { describe, expect, it } from "vitest";
import { deviceName, expiryDays, formatDate, grantableRoles, mayManageMember } from "./settings-model.ts";

describe("grantableRoles", () => {
  it("lets an owner grant every role and an admin every role but owner", () => {
    expect(grantableRoles("owner")).toEqual(["owner", "admin", "editor", "agent", "viewer"]);
    expect(grantableRoles("admin")).toEqual(["admin", "editor", "agent", "viewer"]);
  });
  it("gives an editor (no members:manage) only the roles below it, and nothing while loading", () => {
    expect(grantableRoles("editor")).toEqual(["agent", "viewer"]);
    expect(grantableRoles(undefined)).toEqual([]);
  });
});

describe("mayManageMember", () => {
  it("refuses one's own row and an owner's row to an admin", () => {
    expect(mayManageMember({ role: "owner", userId: "u1" }, { role: "owner", userId: "u1" })).toBe(false);
    expect(mayManageMember({ role: "admin", userId: "u1" }, { role: "owner", userId: "u2" })).toBe(false);
  });
  it("allows an owner over anyone else and an admin over an editor", () => {
    expect(mayManageMember({ role: "owner", userId: "u1" }, { role: "owner", userId: "u2" })).toBe(true);
    expect(mayManageMember({ role: "admin", userId: "u1" }, { role: "editor", userId: "u2" })).toBe(true);
  });
});

describe("deviceName", () => {
  it("names common browsers and systems", () => {
    expect(
      deviceName(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
      ),
    ).toBe("Chrome on macOS");
    expect(
      deviceName(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari on iOS");
    expect(
      deviceName("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0"),
    ).toBe("Firefox on Windows");
    expect(deviceName("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Edg/130.0")).toBe(
      "Edge on Linux",
    );
  });
  it("says so when there is no user agent", () => {
    expect(deviceName(null)).toBe("Unknown device");
    expect(deviceName("curl/8.5.0")).toBe("curl");
    expect(deviceName("node")).toBe("node");
  });
});

describe("expiryDays and formatDate", () => {
  it("maps the expiry choice to days, never to undefined", () => {
    expect(expiryDays("")).toBeUndefined();
    expect(expiryDays("90")).toBe(90);
    expect(expiryDays("abc")).toBeUndefined();
  });
  it("shows the fallback for a missing or broken date", () => {
    expect(formatDate(null)).toBe("—");
    expect(formatDate("not a date", "never")).toBe("never");
    expect(formatDate("2026-11-03T12:00:00Z")).toMatch(/2026/);
  });
});
