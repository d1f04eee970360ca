import type { WorkspaceRole } from "../../shared/permissions.ts";
import type { Logger } from "../observability/logger.ts";
import type { ResponseCheck } from "./respond.ts";

/** Hono context variables set by the middleware for every request. */
export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    /** Every query of a request is scoped to this workspace. */
    workspaceId: string;
    /** The caller's role in that workspace (see src/shared/permissions.ts). */
    role: WorkspaceRole;
    /** The signed-in person; null when the caller is an API key. */
    userId: string | null;
    principalKind: "session" | "api-key";
    /** Set when response checks are on (CHECK_RESPONSES; tests): see respond.ts. */
    checkResponse: ResponseCheck | undefined;
    /** The answer went through reply() (tracked only while checks are on). */
    replied: boolean | undefined;
  };
}
