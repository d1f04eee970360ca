import { Hono } from "hono";
import { OpenApiDocument } from "../shared/api/health.ts";
import { createAuth } from "./auth/auth.ts";
import { authRoutes } from "./auth/auth-routes.ts";
import { loadAuthSecret } from "./auth/auth-secret.ts";
import { createMailer } from "./auth/mailer.ts";
import { requireAccess } from "./auth/require-access.ts";
import { WorkspacesRepo } from "./auth/workspaces-repo.ts";
import { unlimitedEntitlements } from "./billing/entitlements.ts";
import { DataDeletionService } from "./compliance/data-deletion-service.ts";
import { DeauthorizeService } from "./compliance/deauthorize-service.ts";
import type { Config } from "./config.ts";
import { InboxService } from "./conversations/inbox-service.ts";
import { TemplatesService } from "./conversations/templates-service.ts";
import type { Database } from "./db/database.ts";
import { DmService } from "./dm/dm-service.ts";
import { AppError } from "./errors.ts";
import type { AppEnv } from "./http/app-env.ts";
import { errorResponse } from "./http/error-handler.ts";
import { limitBody } from "./http/middleware/body-limit.ts";
import { consumeBody } from "./http/middleware/consume-body.ts";
import { rejectUnsafeInput } from "./http/middleware/reject-unsafe-input.ts";
import { requestContext } from "./http/middleware/request-context.ts";
import { openApiDocument } from "./http/openapi.ts";
import { AUTH_OPERATIONS, OPTIONAL_OPERATIONS } from "./http/openapi-extra-operations.ts";
import { OPERATIONS } from "./http/openapi-operations.ts";
import { checkResponses, reply } from "./http/respond.ts";
import { activityRoutes } from "./http/routes/activity.ts";
import { activityRetryRoutes } from "./http/routes/activity-retry.ts";
import { aiSettingsRoutes } from "./http/routes/ai-settings.ts";
import { automationTemplateRoutes } from "./http/routes/automation-templates.ts";
import { automationRoutes } from "./http/routes/automations.ts";
import { conversationRoutes } from "./http/routes/conversations.ts";
import { dashboardRoutes } from "./http/routes/dashboard.ts";
import { deadLetterRoutes } from "./http/routes/dead-letters.ts";
import { demoJobRoutes } from "./http/routes/demo-jobs.ts";
import { dmRoutes } from "./http/routes/dm.ts";
import { healthRoutes } from "./http/routes/health.ts";
import { instagramAccountRoutes } from "./http/routes/instagram-accounts.ts";
import { instagramConnectRoutes } from "./http/routes/instagram-connect.ts";
import { instagramMediaRoutes } from "./http/routes/instagram-media.ts";
import { instagramWebhookRoutes } from "./http/routes/instagram-webhook.ts";
import { LEAD_IMPORT_PATHS, leadImportRoutes } from "./http/routes/lead-import.ts";
import { leadRoutes } from "./http/routes/leads.ts";
import { metaCallbackRoutes } from "./http/routes/meta-callbacks.ts";
import { metricsRoutes } from "./http/routes/metrics.ts";
import { onboardingRoutes } from "./http/routes/onboarding.ts";
import { statsRoutes } from "./http/routes/stats.ts";
import { workspaceRoutes } from "./http/routes/workspaces.ts";
import { AccountGraph } from "./instagram/account-graph.ts";
import { AccountsRepo } from "./instagram/accounts-repo.ts";
import { ConnectService } from "./instagram/connect-service.ts";
import type { MetaTargets } from "./instagram/meta-endpoints.ts";
import type { JobQueue } from "./jobs/job-queue.ts";
import type { Logger } from "./observability/logger.ts";
import type { Metrics } from "./observability/metrics.ts";
import type { TokenVault } from "./security/token-vault.ts";
import { replayParkedMailboxes } from "./worker/person-mailbox.ts";
import type { Pipeline } from "./worker/pipeline.ts";
import { resumeParkedRuns } from "./worker/resume-run.ts";

export interface AppServices {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  database: Database;
  jobQueue: JobQueue;
  vault: TokenVault;
  meta: MetaTargets;
  pipeline: Pipeline;
  /** The simulated Instagram, when SANDBOX is on (mounted at /sandbox). */
  sandboxRoutes?: Hono | undefined;
  queuePing: () => Promise<boolean>;
}

/** Past the API's and the webhook's caps (1 MB, answered 413 with `Connection: close`). */
const MAX_CONSUMED_BODY_BYTES = 2_000_000;

/** What every process serves: /health and /metrics (a worker-only process serves just these). */
export function createOpsApp(
  services: Pick<AppServices, "config" | "logger" | "metrics" | "database" | "jobQueue" | "queuePing">,
) {
  const { config, logger, metrics, database, jobQueue } = services;
  const app = new Hono<AppEnv>();
  // First, so it runs last: an answer goes out only once its request's body is read.
  app.use("*", consumeBody(MAX_CONSUMED_BODY_BYTES));
  app.use("*", requestContext(logger, metrics));
  if (config.http.checkResponses) {
    app.use("*", checkResponses([...OPERATIONS, ...OPTIONAL_OPERATIONS], AUTH_OPERATIONS));
  }
  app.onError(errorResponse);
  app.route(
    "/",
    healthRoutes({ database, queuePing: services.queuePing, jobQueue, version: config.version }),
  );
  app.route(
    "/",
    metricsRoutes({
      metrics,
      jobQueue,
      token: config.metricsToken,
      tokenRequired: config.metricsTokenRequired,
    }),
  );
  return app;
}

const API_BODY_BYTES = 1_000_000;

/** The composition root of the web role: middleware, then routes, then the dashboard. */
export function createApp(services: AppServices) {
  const { config, database, jobQueue, vault, logger } = services;
  const app = createOpsApp(services);
  // Before any route, better-auth's included: what the database cannot store is a 400.
  const apiBodyLimit = limitBody(API_BODY_BYTES, "API bodies are limited to 1 MB");
  for (const path of ["/api/*", "/sandbox/control/*"]) {
    // A lead import's CSV file has its own, larger cap (routes/lead-import.ts).
    app.use(path, (c, next) => (LEAD_IMPORT_PATHS.includes(c.req.path) ? next() : apiBodyLimit(c, next)));
    app.use(path, rejectUnsafeInput());
  }
  // Sign-in (better-auth at /api/auth/*), then every other /api route and the sandbox's
  // control API need a session or an API key, and the permission permissions.ts lists.
  const mailer = createMailer({ smtpUrl: config.auth.smtpUrl, from: config.auth.mailFrom, logger });
  const auth = createAuth({
    db: database.db,
    config: config.auth,
    appUrl: config.http.appUrl,
    secret: loadAuthSecret({ secret: config.auth.secret, dataDir: config.dataDir }),
    mailer,
    logger,
  });
  app.route(
    "/",
    authRoutes({
      auth,
      freeFailures: config.auth.signInLimit.perEmail,
      trustedProxies: config.http.trustProxy,
    }),
  );
  const access = requireAccess({ auth, db: database.db, appUrl: config.http.appUrl });
  app.use("/api/*", access);
  app.use("/sandbox/control/*", access);
  app.route(
    "/",
    workspaceRoutes({ auth, db: database.db, mailer, appUrl: config.http.appUrl, config: config.auth }),
  );
  if (config.demoJobsApi) app.route("/", demoJobRoutes({ jobQueue, db: database.db }));

  const accounts = new AccountsRepo(database.db);
  const connect = new ConnectService({
    db: database.db,
    accounts,
    vault,
    meta: services.meta,
    appUrl: config.http.appUrl,
    logger,
    // What waited for the reconnect goes on: parked runs, and the events parked in the meantime.
    onConnected: async (accountId) => {
      await resumeParkedRuns({ runs: services.pipeline.runs, jobQueue }, accountId);
      await replayParkedMailboxes({ parked: services.pipeline.parked, jobQueue }, accountId);
    },
  });
  app.route("/", instagramConnectRoutes({ connect, secureCookies: config.http.appUrl.startsWith("https:") }));
  app.route("/", instagramAccountRoutes({ accounts, connect, vault }));
  app.route(
    "/",
    instagramMediaRoutes({ accounts, graphs: new AccountGraph({ meta: services.meta, vault }) }),
  );
  app.route("/", automationRoutes({ automations: services.pipeline.automations }));
  app.route("/", aiSettingsRoutes({ ai: services.pipeline.ai }));
  app.route("/", activityRoutes({ db: database.db }));
  app.route("/", leadRoutes({ leads: services.pipeline.leads }));
  app.route("/", leadImportRoutes({ leads: services.pipeline.leads }));
  const inbox = new InboxService({
    db: database.db,
    jobQueue,
    entitlements: unlimitedEntitlements,
    defaultPauseMinutes: Math.round(config.pipeline.humanTakeoverPauseMs / 60_000),
    sandboxClock: config.sandbox.enabled,
  });
  const templates = new TemplatesService({ db: database.db, entitlements: unlimitedEntitlements });
  app.route("/", conversationRoutes({ db: database.db, inbox, templates }));
  app.route(
    "/",
    dmRoutes({
      dm: new DmService({ db: database.db, leads: services.pipeline.leads, jobQueue }),
      ratePerMinute: config.pipeline.dmApiRatePerMinute,
    }),
  );
  app.route("/", statsRoutes({ db: database.db }));
  app.route(
    "/",
    onboardingRoutes({
      db: database.db,
      appUrl: config.http.appUrl,
      videos: config.onboarding.videos,
      metaApps: { instagram: Boolean(config.meta.instagramApp), facebook: Boolean(config.meta.facebookApp) },
      webhookVerifyToken: config.meta.webhookVerifyToken,
      sandbox: config.sandbox.enabled,
    }),
  );
  app.route("/", activityRetryRoutes({ db: database.db, jobQueue }));
  app.route("/", automationTemplateRoutes({ automations: services.pipeline.automations }));
  app.route("/", deadLetterRoutes({ jobQueue, db: database.db }));
  app.route(
    "/",
    instagramWebhookRoutes({ ingest: services.pipeline.ingest, verifyToken: config.meta.webhookVerifyToken }),
  );
  app.use("/meta/*", limitBody(64_000, "Meta's callbacks are small forms"), rejectUnsafeInput());
  app.route(
    "/",
    metaCallbackRoutes({
      deletion: new DataDeletionService({ db: database.db, jobQueue, logger }),
      deauthorize: new DeauthorizeService({
        accounts,
        workspaces: new WorkspacesRepo(database.db),
        vault,
        mailer,
        appUrl: config.http.appUrl,
        logger,
      }),
      secrets: () => services.pipeline.appSecrets,
      appUrl: config.http.appUrl,
    }),
  );
  if (services.sandboxRoutes) app.route("/sandbox", services.sandboxRoutes);

  app.get("/api/openapi.json", (c) =>
    reply(c, OpenApiDocument, openApiDocument({ version: config.version, serverUrl: config.http.appUrl })),
  );

  // Unknown API paths answer JSON, never the dashboard's HTML.
  app.all("/api/*", () => {
    throw new AppError("not_found", "no such API route");
  });
  app.route("/", dashboardRoutes());
  return app;
}
