import { ActivityLog } from "../activity/activity-log.ts";
import { createAi } from "../ai/create-ai.ts";
import { AutomationsRepo } from "../automations/automations-repo.ts";
import { EngineCache } from "../automations/engine-cache.ts";
import { Runner } from "../automations/runner.ts";
import { RunsRepo } from "../automations/runs-repo.ts";
import type { Config } from "../config.ts";
import { ContactsRepo } from "../conversations/contacts-repo.ts";
import { sendInboxReply } from "../conversations/inbox-reply-job.ts";
import type { Database } from "../db/database.ts";
import { InboundEventsRepo } from "../ingest/inbound-events-repo.ts";
import { WebhookIngest } from "../ingest/webhook-ingest.ts";
import { AccountGraph } from "../instagram/account-graph.ts";
import { AccountsRepo } from "../instagram/accounts-repo.ts";
import { type MetaTargets, sandboxAppSecret } from "../instagram/meta-endpoints.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import { LeadsService } from "../leads/leads-service.ts";
import { CircuitBreaker } from "../messaging/circuit-breaker.ts";
import { OutboundRepo } from "../messaging/outbound-repo.ts";
import { SendPacer } from "../messaging/send-pacer.ts";
import { Sender } from "../messaging/sender.ts";
import type { Logger } from "../observability/logger.ts";
import type { Metrics } from "../observability/metrics.ts";
import type { KeyRing } from "../security/encryption-keys.ts";
import type { TokenVault } from "../security/token-vault.ts";
import { EventHandler } from "./event-handler.ts";
import { ParkedEventsRepo } from "./parked-events-repo.ts";

/** Builds the webhook → automation → reply pipeline from the runtime's services. */
export function createPipeline(deps: {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  database: Database;
  jobQueue: JobQueue;
  vault: TokenVault;
  meta: MetaTargets;
  keyRing: KeyRing;
}) {
  const { config, logger, database, jobQueue } = deps;
  const db = database.db;
  const secrets = [
    config.meta.instagramApp?.secret,
    config.meta.facebookApp?.secret,
    config.sandbox.enabled ? sandboxAppSecret(deps.keyRing) : undefined,
  ].filter((s): s is string => Boolean(s));
  const automations = new AutomationsRepo(db);
  const contacts = new ContactsRepo(db);
  const activity = new ActivityLog(db);
  const accounts = new AccountsRepo(db);
  const runs = new RunsRepo(db);
  const events = new InboundEventsRepo(db);
  const parked = new ParkedEventsRepo(db);
  const graphs = new AccountGraph({ meta: deps.meta, vault: deps.vault });
  const leads = new LeadsService({ db });
  const ai = createAi({ db, vault: deps.vault, config: config.ai, contacts, logger });
  return {
    /** Every app secret that may sign what Meta sends (webhooks, signed_request callbacks). */
    appSecrets: secrets,
    ai,
    automations,
    contacts,
    leads,
    graphs,
    activity,
    accounts,
    runs,
    events,
    parked,
    sendInboxReply: (messageId: string) =>
      sendInboxReply(
        { db, sender: new Sender({ db, logger }), graphs, pacer: new SendPacer(db), logger },
        messageId,
      ),
    ingest: new WebhookIngest({ db, jobQueue, secrets: () => secrets, logger, metrics: deps.metrics }),
    eventHandler: () => {
      const sender = new Sender({ db, logger });
      return new EventHandler({
        db,
        accounts,
        runs,
        parked,
        outbound: new OutboundRepo(db),
        contacts,
        sender,
        engine: new EngineCache(automations),
        runner: new Runner({
          runs,
          accounts,
          sender,
          contacts,
          leads,
          jobQueue,
          logger,
          rateLimitBackoffMs: config.pipeline.rateLimitBackoffMs,
          pacer: new SendPacer(db),
          breaker: new CircuitBreaker(),
          ai: ai.responder,
        }),
        activity,
        graphs,
        logger,
        timeZone: config.pipeline.defaultTimeZone,
        humanTakeoverPauseMs: config.pipeline.humanTakeoverPauseMs,
      });
    },
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;
