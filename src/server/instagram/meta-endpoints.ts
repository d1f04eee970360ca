import { createHmac } from "node:crypto";
import type { Config, MetaConfig } from "../config.ts";
import type { KeyRing } from "../security/encryption-keys.ts";

export type LoginType = "instagram" | "facebook" | "sandbox";

/** The sandbox plays Meta for one app of its own; its id is fixed, its secret per installation. */
export const SANDBOX_APP_ID = "1000000000000001";

/**
 * The sandbox's secret signs its webhooks and checks client_secret; every process of one
 * installation derives the same value from the shared token key (no extra setting needed).
 */
export function sandboxAppSecret(ring: KeyRing): string {
  return createHmac("sha256", ring.current.key).update("autodm sandbox app secret v1").digest("hex");
}

export function sandboxUrl(config: Config): string {
  return `${config.http.appUrl}/sandbox`;
}

/** Meta as the sandbox plays it: the same protocol, hosts under `${appUrl}/sandbox`. */
export function sandboxMetaConfig(config: Config, ring: KeyRing): MetaConfig {
  const base = sandboxUrl(config);
  const app = { id: SANDBOX_APP_ID, secret: sandboxAppSecret(ring) };
  return {
    graphVersion: config.meta.graphVersion,
    instagramGraphUrl: `${base}/ig-graph`,
    facebookGraphUrl: `${base}/fb-graph`,
    instagramApiUrl: `${base}/ig-api`,
    instagramAuthorizeUrl: `${base}/oauth/instagram/authorize`,
    facebookAuthorizeUrl: `${base}/oauth/facebook/dialog`,
    instagramApp: app,
    facebookApp: app,
    webhookVerifyToken: undefined,
    timeoutMs: config.meta.timeoutMs,
  };
}

/** Which Meta an account talks to: the configured one, or the sandbox. */
export interface MetaTargets {
  real: MetaConfig;
  sandbox: MetaConfig | undefined;
}

export function metaFor(targets: MetaTargets, loginType: LoginType): MetaConfig {
  if (loginType === "sandbox") {
    if (!targets.sandbox) throw new Error("the sandbox is off on this server (SANDBOX=off)");
    return targets.sandbox;
  }
  return targets.real;
}
