import type { Me } from "./use-me.ts";

/** Where a role lands: agents work in the activity log, everyone else on Home. */
export function homeFor(me: Me): "/" | "/activity" {
  return me.permissions.includes("automations:read") ? "/" : "/activity";
}
