import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";

/**
 * Until sign-in exists, every request works in the one default workspace. Sign-in replaces
 * this middleware with one that reads the session or API key; routes already take the
 * workspace from `c.var.workspaceId` and never from the request.
 */
export const DEFAULT_WORKSPACE_ID = "default";

export function workspaceScope(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("workspaceId", DEFAULT_WORKSPACE_ID);
    await next();
  };
}
