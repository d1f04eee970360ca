import type { Logger } from "../observability/logger.ts";

/** Hono context variables set by the middleware for every request. */
export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    /** Every query of a request is scoped to this workspace. */
    workspaceId: string;
  };
}
