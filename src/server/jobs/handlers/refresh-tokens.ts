import { refreshDueTokens } from "../../instagram/token-refresh.ts";
import type { JobHandlers } from "../job-queue.ts";
import type { WorkerDeps } from "./job-handlers.ts";

/** refreshTokens: Instagram Login tokens due for renewal (src/server/instagram/token-refresh.ts). */
export function refreshTokensHandler(deps: WorkerDeps): JobHandlers["refreshTokens"] {
  return async () => {
    await refreshDueTokens({ db: deps.database.db, vault: deps.vault, meta: deps.meta, logger: deps.logger });
  };
}
