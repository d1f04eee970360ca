import { describe, expect, it } from "vitest";
import { can, mayGrant, PERMISSIONS, permissionsOf, ROLES } from "../../shared/permissions.ts";
import { isPublicApiPath, ROUTE_RULES, ruleFor } from "./permissions.ts";

describe("the permission table", () => {
  it("gives the owner everything and each lower role at most what the role above has", () => {
    const all = Object.keys(PERMISSIONS);
    expect(permissionsOf("owner")).toEqual(all);
    const chain = ["owner", "admin", "editor", "viewer"] as const;
    for (let i = 1; i < chain.length; i++) {
      const lower = permissionsOf(chain[i] as (typeof chain)[number]);
      const upper = new Set(permissionsOf(chain[i - 1] as (typeof chain)[number]));
      expect(lower.every((p) => upper.has(p))).toBe(true);
      expect(lower.length).toBeLessThanOrEqual(upper.size);
    }
  });

  it("lets a viewer read but never write, and an agent see only the inbox side", () => {
    expect(can("viewer", "automations:read")).toBe(true);
    expect(can("viewer", "accounts:read")).toBe(true);
    for (const p of permissionsOf("viewer")) expect(p).toMatch(/:read$/);
    // The inbox side: activity, the inbox, and the leads a conversation turns into ("Create lead").
    expect(permissionsOf("agent")).toEqual([
      "workspace:read",
      "activity:read",
      "leads:read",
      "leads:capture",
      "inbox:read",
      "inbox:reply",
    ]);
    expect(can("agent", "automations:read")).toBe(false);
    expect(can("editor", "members:manage")).toBe(false);
    expect(can("admin", "api-keys:manage")).toBe(true);
  });

  it("lets a role grant only roles at or below its own", () => {
    for (const role of ROLES) expect(mayGrant("owner", role)).toBe(true);
    expect(mayGrant("admin", "owner")).toBe(false);
    expect(mayGrant("admin", "admin")).toBe(true);
    expect(mayGrant("admin", "viewer")).toBe(true);
    expect(mayGrant("editor", "editor")).toBe(false);
    expect(mayGrant("editor", "viewer")).toBe(true);
    expect(mayGrant("viewer", "viewer")).toBe(false);
    expect(mayGrant("agent", "viewer")).toBe(false);
  });
});

describe("route rules", () => {
  it("match Hono patterns: parameters, literal segments first, a trailing slash, HEAD as GET", () => {
    expect(ruleFor("GET", "/api/automations/4b8e2c1a")?.permission).toBe("automations:read");
    expect(ruleFor("PUT", "/api/automations/4b8e2c1a")?.permission).toBe("automations:write");
    expect(ruleFor("GET", "/api/instagram/connect/options")?.path).toBe("/api/instagram/connect/options");
    expect(ruleFor("GET", "/api/instagram/connect/sandbox/start")?.permission).toBe("accounts:connect");
    expect(ruleFor("HEAD", "/api/automations")?.permission).toBe("automations:read");
    expect(ruleFor("GET", "/api/automations/")?.permission).toBe("automations:read");
    expect(ruleFor("GET", "/sandbox/control/people/1/messages")?.permission).toBe("sandbox:control");
  });

  it("refuse what no rule names: unknown paths, other methods, and look-alike prefixes", () => {
    expect(ruleFor("GET", "/api/automationsX")).toBeUndefined();
    expect(ruleFor("PATCH", "/api/activity")).toBeUndefined();
    expect(ruleFor("GET", "/api/automations/a/b")).toBeUndefined();
    expect(ruleFor("DELETE", "/api/me")).toBeUndefined();
  });

  it("leave only sign-in, first-run status and the API description public", () => {
    expect(isPublicApiPath("/api/auth/sign-in/email")).toBe(true);
    expect(isPublicApiPath("/api/setup")).toBe(true);
    expect(isPublicApiPath("/api/openapi.json")).toBe(true);
    expect(isPublicApiPath("/api/authx")).toBe(false);
    expect(isPublicApiPath("/api/me")).toBe(false);
  });

  it("name a known permission on every rule, once per method and path", () => {
    const seen = new Set<string>();
    for (const r of ROUTE_RULES) {
      expect(Object.keys(PERMISSIONS)).toContain(r.permission);
      const key = `${r.method} ${r.path}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });
});
