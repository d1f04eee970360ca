import type { ActivityRow } from "./activity-api.ts";

/**
 * The rows on screen: the loaded pages with the live stream's changes applied, and rows newer
 * than the first page on top (newest first). Older rows the stream mentions but the pages do
 * not hold yet belong to pages not loaded: left for "Load more".
 */
export function mergeLive(
  pageRows: readonly ActivityRow[],
  live: ReadonlyMap<number, ActivityRow>,
): ActivityRow[] {
  const newest = pageRows.reduce((max, r) => Math.max(max, r.id), 0);
  const fresh = [...live.values()].filter((r) => r.id > newest).sort((a, b) => b.id - a.id);
  return [...fresh, ...pageRows.map((r) => live.get(r.id) ?? r)];
}

const TRIGGERS: Record<string, string> = {
  message: "DM",
  comment: "Comment",
  live_comment: "Live comment",
  story_reply: "Story reply",
  story_mention: "Story mention",
  reaction: "Reaction",
  postback: "Button tap",
  quick_reply: "Quick reply",
  referral: "ig.me link",
  mention: "Mention",
};

export const triggerLabel = (kind: string) => TRIGGERS[kind] ?? kind.replace(/_/g, " ");

export const STATUS_LABELS = {
  success: "Success",
  failed: "Failed",
  pending: "Pending",
  skipped: "Skipped",
} as const;

/** Whether the row offers Retry: work given up after its last try, or pending long enough to be stuck. */
export function mayRetry(row: ActivityRow, now = Date.now()): boolean {
  if (row.status === "failed") return row.reason === "retries_exhausted";
  if (row.status === "pending" && row.reason !== "retrying") {
    const since = new Date(row.updatedAt ?? row.createdAt).getTime();
    return now - since > 5 * 60_000;
  }
  return false;
}
