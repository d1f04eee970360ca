import { z } from "zod";

export const ActivityStatus = z.enum(["success", "failed", "pending", "skipped"]);
export type ActivityStatus = z.infer<typeof ActivityStatus>;

/** One row of the activity log: what happened to one event, and why (GET /api/activity and its stream). */
export const ActivityItem = z.object({
  id: z.number(),
  workspaceId: z.string(),
  accountId: z.string(),
  contactId: z.string().nullable(),
  eventId: z.number().nullable(),
  automationId: z.string().nullable(),
  personId: z.string(),
  personUsername: z.string().nullable(),
  trigger: z.string(),
  incomingText: z.string().nullable(),
  responseText: z.string().nullable(),
  status: ActivityStatus,
  /** A stable code (no_trigger_matched, window_closed…); the dashboard explains it in words. */
  reason: z.string().nullable(),
  /** What the reason refers to (an AI note, the automations that missed…); its shape depends on it. */
  detail: z.unknown(),
  metaErrorCode: z.number().nullable(),
  metaErrorSubcode: z.number().nullable(),
  metaErrorMessage: z.string().nullable(),
  latencyMs: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ActivityItem = z.infer<typeof ActivityItem>;

/** GET /api/activity: newest first; `nextCursor` is the `cursor` of the next page. */
export const ActivityPage = z.object({ items: z.array(ActivityItem), nextCursor: z.number().nullable() });
export type ActivityPage = z.infer<typeof ActivityPage>;

/** POST /api/activity/:id/retry */
export const ActivityRetried = z.object({
  retried: z.enum(["event", "dead_letter"]),
  activityId: z.number(),
});
export type ActivityRetried = z.infer<typeof ActivityRetried>;

/**
 * The job kinds whose dead letters belong to one workspace (and are listed in its dashboard);
 * the others (retention, token refresh, sweeps) are the installation's operator's.
 */
export const WORKSPACE_DEAD_LETTER_JOBS = ["processPerson", "resumeRun", "dmSend", "sendInboxReply"] as const;
export const WorkspaceDeadLetterJob = z.enum(WORKSPACE_DEAD_LETTER_JOBS);
export type WorkspaceDeadLetterJob = z.infer<typeof WorkspaceDeadLetterJob>;

/** A job that failed its last attempt. */
export const DeadLetter = z.object({
  job: z.string(),
  id: z.string(),
  payload: z.unknown(),
  attemptsMade: z.number(),
  failedReason: z.string(),
  failedAt: z.string().nullable(),
  enqueuedAt: z.string(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

/** GET /api/jobs/dead-letters */
export const DeadLetterList = z.object({ deadLetters: z.array(DeadLetter) });
export type DeadLetterList = z.infer<typeof DeadLetterList>;

/** POST /api/jobs/dead-letters/:job/:id/retry */
export const DeadLetterRetried = z.object({ retried: z.literal(true) });
export type DeadLetterRetried = z.infer<typeof DeadLetterRetried>;
