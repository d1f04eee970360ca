import type { ActivityInsert } from "../activity/activity-log.ts";
import type { RunResult } from "../automations/runner.ts";
import type { OutboundRow } from "../messaging/sender.ts";

type RunActivity = Pick<
  ActivityInsert,
  "status" | "reason" | "responseText" | "detail" | "metaErrorCode" | "metaErrorSubcode" | "metaErrorMessage"
>;

/** activity.latency_ms is an integer column: 2^31 − 1 ms is about 24.9 days. */
const MAX_LATENCY_MS = 2_147_483_647;

/**
 * Milliseconds from the event (its own timestamp) to `now`, for the activity row: clamped into
 * the column, so a timestamp weeks off or in the future (Meta's clock, a replayed delivery, a
 * buggy sender) gives 0 or the maximum instead of failing the event with no row at all.
 */
export function latencyMs(now: number, eventTimestamp: number): number | null {
  const ms = Math.round(now - eventTimestamp);
  if (!Number.isFinite(ms)) return null;
  return Math.min(MAX_LATENCY_MS, Math.max(0, ms));
}

const META_WINDOW_CLOSED = { code: 10, subcode: 2534022 };

/**
 * What a run's result says in its activity row. Done: success, or skipped when it sent nothing
 * because an action was skipped; its reason is that skip's (or an AI note's). Failed: Meta's
 * error. Waiting or parked: still pending, with that as the reason.
 */
export function activityOfRun(result: RunResult): RunActivity {
  const common = {
    responseText: result.responses.join("\n") || null,
    detail: { actions: result.notes },
  };
  const noError = { metaErrorCode: null, metaErrorSubcode: null, metaErrorMessage: null };
  switch (result.status) {
    case "done": {
      const skipped = result.notes.find((n) => n.outcome === "skipped");
      const aiReason = result.notes.find((n) => n.ai?.reason)?.reason;
      return {
        ...common,
        ...noError,
        status: result.responses.length === 0 && skipped ? "skipped" : "success",
        reason: skipped?.reason ?? aiReason ?? null,
      };
    }
    case "failed":
      return {
        ...common,
        status: "failed",
        reason: result.reason,
        metaErrorCode: result.error?.code ?? null,
        metaErrorSubcode: result.error?.subcode ?? null,
        metaErrorMessage: result.error?.message ?? null,
      };
    case "waiting":
    case "parked":
      return { ...common, ...noError, status: "pending", reason: result.status };
  }
}

/**
 * The row of a run that finished before a crash let its row be written, rebuilt from its sends:
 * what was sent, and for a failed run the failed send's Meta error.
 */
export function activityOfFinishedRun(
  done: boolean,
  sends: Pick<OutboundRow, "status" | "text" | "errorCode" | "errorSubcode" | "errorMessage">[],
): RunActivity {
  const responseText =
    sends
      .filter((m) => m.status === "sent" && m.text)
      .map((m) => m.text)
      .join("\n") || null;
  const detail = { recovered: true };
  if (done)
    return {
      responseText,
      detail,
      status: "success",
      reason: null,
      metaErrorCode: null,
      metaErrorSubcode: null,
      metaErrorMessage: null,
    };
  const failed = sends.find((m) => m.status === "failed");
  const windowClosed =
    failed?.errorCode === META_WINDOW_CLOSED.code && failed.errorSubcode === META_WINDOW_CLOSED.subcode;
  return {
    responseText,
    detail,
    status: "failed",
    reason: windowClosed ? "window_closed" : "meta_error",
    metaErrorCode: failed?.errorCode ?? null,
    metaErrorSubcode: failed?.errorSubcode ?? null,
    metaErrorMessage: failed?.errorMessage ?? null,
  };
}
