import type { AiConfig } from "../config.ts";
import type { ContactsRepo } from "../conversations/contacts-repo.ts";
import type { Db } from "../db/database.ts";
import type { Logger } from "../observability/logger.ts";
import type { TokenVault } from "../security/token-vault.ts";
import { AiReplyService } from "./ai-reply-service.ts";
import { AiSettingsRepo } from "./ai-settings-repo.ts";
import { AiTurnsRepo } from "./ai-turns-repo.ts";
import { AiUsageRepo } from "./ai-usage-repo.ts";

/** AI replies' services, built once per runtime (pipeline.ts): the runner's responder and the API's repos. */
export function createAi(deps: {
  db: Db;
  vault: TokenVault;
  config: AiConfig;
  contacts: ContactsRepo;
  logger: Logger;
}) {
  const settings = new AiSettingsRepo(deps.db, deps.vault);
  const usage = new AiUsageRepo(deps.db);
  const turns = new AiTurnsRepo(deps.db);
  const responder = new AiReplyService({
    settings,
    usage,
    turns,
    contacts: deps.contacts,
    config: deps.config,
    logger: deps.logger.child({ component: "ai" }),
  });
  return { settings, usage, turns, responder, config: deps.config };
}

export type Ai = ReturnType<typeof createAi>;
