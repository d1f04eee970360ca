import type { LeadFilter } from "../../shared/api/leads.ts";
import { csvRow } from "./csv-cell.ts";
import type { LeadRow, LeadsRepo } from "./leads-repo.ts";

/** Rows per keyset page: big enough to keep round trips few, small enough to keep memory flat. */
const PAGE_ROWS = 1_000;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The export's columns, in order: the header row's names and how each reads a lead. */
export const EXPORT_COLUMNS: readonly [string, (l: LeadRow) => string | number | null][] = [
  ["id", (l) => l.id],
  ["name", (l) => l.name],
  ["username", (l) => l.username],
  ["instagram_id", (l) => l.instagramId],
  ["email", (l) => l.email],
  ["phone", (l) => l.phone],
  ["source", (l) => l.source],
  ["source_detail", (l) => l.sourceDetail],
  ["tags", (l) => l.tags.join(";")],
  ["notes", (l) => l.notes],
  ["fields", (l) => (Object.keys(l.fields).length ? JSON.stringify(l.fields) : null)],
  ["dm_status", (l) => l.dmStatus],
  ["dm_provider", (l) => l.dmProvider],
  ["dm_sent_at", (l) => iso(l.dmSentAt)],
  ["dm_error", (l) => l.dmError],
  ["dm_attempts", (l) => l.dmAttempts],
  ["automation_id", (l) => l.automationId],
  ["media_id", (l) => l.mediaId],
  ["created_at", (l) => iso(l.createdAt)],
  ["updated_at", (l) => iso(l.updatedAt)],
];

export type ExportFilter = Omit<LeadFilter, "cursor" | "limit">;

/**
 * The workspace's leads matching `filter` as CSV (UTF-8, header row, CRLF records), read from
 * the database one keyset page at a time as the consumer pulls: a 100k-lead export never holds
 * more than one page, and a client that goes away stops the reads.
 */
export function leadsCsvStream(repo: LeadsRepo, workspaceId: string, filter: ExportFilter) {
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvRow(EXPORT_COLUMNS.map(([name]) => name))));
        return;
      }
      if (done) return;
      const page = await repo.list(workspaceId, {
        ...filter,
        limit: PAGE_ROWS,
        ...(cursor ? { cursor } : {}),
      });
      let chunk = "";
      for (const lead of page.items) chunk += csvRow(EXPORT_COLUMNS.map(([, read]) => read(lead)));
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (page.nextCursor) cursor = page.nextCursor;
      else {
        done = true;
        controller.close();
      }
    },
    cancel() {
      done = true;
    },
  });
}
