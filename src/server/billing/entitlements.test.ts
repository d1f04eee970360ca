import { describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { type Entitlements, requireFeature, requireWithin, unlimitedEntitlements } from "./entitlements.ts";

const free: Entitlements = {
  canUse: async (_w, feature) => feature === "api_access",
  remaining: async (_w, limit) => (limit === "automations" ? 2 : 0),
  plan: async () => "free",
};

describe("entitlement checks", () => {
  it("self-hosted allows every feature and limit", async () => {
    await expect(requireFeature(unlimitedEntitlements, "w", "inbox_scheduling")).resolves.toBeUndefined();
    await expect(requireWithin(unlimitedEntitlements, "w", "seats", 10_000)).resolves.toBeUndefined();
  });

  it("a missing feature is a 402 plan_feature naming the plan", async () => {
    const err = await requireFeature(free, "w", "assignment").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      code: "plan_feature",
      status: 402,
      details: { feature: "assignment", plan: "free" },
    });
  });

  it("a reached limit is a 402 plan_limit with limit, used and plan", async () => {
    await expect(requireWithin(free, "w", "automations", 1)).resolves.toBeUndefined();
    const err = await requireWithin(free, "w", "automations", 3, 3).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: "plan_limit",
      status: 402,
      details: { limit: 5, used: 3, plan: "free" },
    });
  });
});
