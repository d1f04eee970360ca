import type { Me } from "./use-me.ts";

/** Where a role lands: agents work in the inbox, everyone else on Home. */
export function homeFor(me: Me): "/" | "/inbox" | "/activity" {
  if (me.permissions.includes("automations:read")) return "/";
  return me.permissions.includes("inbox:read") ? "/inbox" : "/activity";
}
