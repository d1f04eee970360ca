import { Hono } from "hono";
import { Onboarding, SetupGuide } from "../../../shared/api/setup.ts";
import { ActivityLog } from "../../activity/activity-log.ts";
import { AutomationsRepo } from "../../automations/automations-repo.ts";
import type { Db } from "../../db/database.ts";
import { AccountsRepo } from "../../instagram/accounts-repo.ts";
import { WEBHOOK_FIELDS } from "../../instagram/graph-client.ts";
import { FACEBOOK_LOGIN_SCOPES, INSTAGRAM_LOGIN_SCOPES } from "../../instagram/oauth-client.ts";
import type { AppEnv } from "../app-env.ts";
import { reply } from "../respond.ts";

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

/**
 * The onboarding checklist, ticked from real state (connect → first automation → tried in the
 * test phone → live), the short videos, and what to paste into a Meta app.
 */
export function onboardingRoutes(deps: Deps) {
  const accounts = new AccountsRepo(deps.db);
  const automations = new AutomationsRepo(deps.db);
  const activity = new ActivityLog(deps.db);
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
          accounts.exists(ws),
          automations.exists(ws),
          activity.sandboxReplied(ws),
          accounts.exists(ws, { liveOnly: true }),
          automations.exists(ws, { enabledOnly: true }),
        ]);
      return reply(c, Onboarding, {
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
      reply(c, SetupGuide, {
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
