import { AppError } from "../errors.ts";

/** What a plan may switch on or off. */
export type Feature =
  | "ai_replies"
  | "inbox_scheduling"
  | "inbox_templates"
  | "assignment"
  | "outgoing_webhooks"
  | "api_access";

/** What a plan counts: things a workspace has, and sends per calendar month. */
export type Limit = "accounts" | "automations" | "seats" | "automated_messages" | "ai_replies";

/**
 * The one place that says what a workspace may do. Every place that creates something counted
 * or uses a gated feature asks here, so that plans can change without touching the features.
 */
export interface Entitlements {
  canUse(workspaceId: string, feature: Feature): Promise<boolean>;
  /** Units left of a limit (this month for the monthly ones); Infinity when unlimited. */
  remaining(workspaceId: string, limit: Limit): Promise<number>;
  /** The workspace's plan id, for messages and the UI. */
  plan(workspaceId: string): Promise<string>;
}

/** Throws `plan_feature` (402) unless the workspace's plan includes the feature. */
export async function requireFeature(entitlements: Entitlements, workspaceId: string, feature: Feature) {
  if (await entitlements.canUse(workspaceId, feature)) return;
  const plan = await entitlements.plan(workspaceId);
  throw new AppError("plan_feature", `your plan (${plan}) does not include ${feature.replace(/_/g, " ")}`, {
    feature,
    plan,
  });
}

/** Throws `plan_limit` (402) when adding `count` more would pass the plan's limit. */
export async function requireWithin(
  entitlements: Entitlements,
  workspaceId: string,
  limit: Limit,
  used: number,
  count = 1,
) {
  const left = await entitlements.remaining(workspaceId, limit);
  if (left >= count) return;
  const plan = await entitlements.plan(workspaceId);
  throw new AppError("plan_limit", `your plan (${plan}) allows no more ${limit.replace(/_/g, " ")}`, {
    limit: used + Math.max(0, left),
    used,
    plan,
  });
}

/** Self-hosted (no Stripe keys): every workspace may use everything, without limits. */
export const unlimitedEntitlements: Entitlements = {
  canUse: async () => true,
  remaining: async () => Number.POSITIVE_INFINITY,
  plan: async () => "self_hosted",
};
