import { and, eq, ne } from "drizzle-orm";
import { Hono } from "hono";
import type { Db } from "../../db/database.ts";
import { activity, automations, instagramAccounts } from "../../db/schema/index.ts";
import { WEBHOOK_FIELDS } from "../../instagram/graph-client.ts";
import { FACEBOOK_LOGIN_SCOPES, INSTAGRAM_LOGIN_SCOPES } from "../../instagram/oauth-client.ts";
import type { AppEnv } from "../app-env.ts";

export interface OnboardingVideos {
  connect: string | undefined;
  automation: string | undefined;
  testPhone: string | undefined;
  metaApp: string | undefined;
}

interface Deps {
  db: Db;
  appUrl: string;
  videos: OnboardingVideos;
  /** Never the app secrets: only whether each login path is configured. */
  metaApps: { instagram: boolean; facebook: boolean };
  webhookVerifyToken: string | undefined;
  sandbox: boolean;
}

async function exists(query: Promise<unknown[]>): Promise<boolean> {
  return (await query).length > 0;
}

/**
 * The onboarding checklist, ticked from real state (connect → first automation → tried in the
 * test phone → live), the short videos, and what to paste into a Meta app.
 */
export function onboardingRoutes(deps: Deps) {
  const { db } = deps;
  const videos = () => ({
    connect: deps.videos.connect ?? null,
    automation: deps.videos.automation ?? null,
    testPhone: deps.videos.testPhone ?? null,
    metaApp: deps.videos.metaApp ?? null,
  });
  return new Hono<AppEnv>()
    .get("/api/onboarding", async (c) => {
      const ws = c.get("workspaceId");
      const [accountConnected, automationCreated, triedInTestPhone, liveAccount, enabledAutomation] =
        await Promise.all([
          exists(
            db
              .select({ id: instagramAccounts.id })
              .from(instagramAccounts)
              .where(eq(instagramAccounts.workspaceId, ws))
              .limit(1),
          ),
          exists(
            db
              .select({ id: automations.id })
              .from(automations)
              .where(eq(automations.workspaceId, ws))
              .limit(1),
          ),
          exists(
            db
              .select({ id: activity.id })
              .from(activity)
              .innerJoin(instagramAccounts, eq(instagramAccounts.id, activity.accountId))
              .where(
                and(
                  eq(activity.workspaceId, ws),
                  eq(activity.status, "success"),
                  eq(instagramAccounts.loginType, "sandbox"),
                ),
              )
              .limit(1),
          ),
          exists(
            db
              .select({ id: instagramAccounts.id })
              .from(instagramAccounts)
              .where(
                and(
                  eq(instagramAccounts.workspaceId, ws),
                  ne(instagramAccounts.loginType, "sandbox"),
                  eq(instagramAccounts.status, "connected"),
                ),
              )
              .limit(1),
          ),
          exists(
            db
              .select({ id: automations.id })
              .from(automations)
              .where(and(eq(automations.workspaceId, ws), eq(automations.enabled, true)))
              .limit(1),
          ),
        ]);
      return c.json({
        steps: {
          accountConnected,
          automationCreated,
          triedInTestPhone,
          live: liveAccount && enabledAutomation,
        },
        sandbox: deps.sandbox,
        videos: videos(),
      });
    })
    .get("/api/setup-guide", (c) =>
      c.json({
        webhookUrl: `${deps.appUrl}/webhooks/instagram`,
        verifyToken: deps.webhookVerifyToken ?? null,
        redirectUris: {
          instagram: `${deps.appUrl}/api/instagram/connect/instagram/callback`,
          facebook: `${deps.appUrl}/api/instagram/connect/facebook/callback`,
        },
        scopes: { instagram: INSTAGRAM_LOGIN_SCOPES, facebook: FACEBOOK_LOGIN_SCOPES },
        webhookFields: [...WEBHOOK_FIELDS],
        apps: deps.metaApps,
        sandbox: deps.sandbox,
        videos: videos(),
      }),
    );
}
