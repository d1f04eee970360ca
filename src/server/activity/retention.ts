import type { InboundEventsRepo } from "../ingest/inbound-events-repo.ts";
import type { ActivityLog } from "./activity-log.ts";

/** Retention: raw payloads (and their events) and activity older than `days`. */
export async function pruneOldRecords(
  deps: { events: InboundEventsRepo; activity: ActivityLog },
  days: number,
  now = new Date(),
) {
  const before = new Date(now.getTime() - days * 86_400_000);
  const payloads = await deps.events.deletePayloadsOlderThan(before);
  const activity = await deps.activity.deleteOlderThan(before);
  return { payloads, activity };
}
