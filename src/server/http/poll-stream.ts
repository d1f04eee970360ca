import type { Context } from "hono";
import { streamSSE } from "hono/streaming";

export interface StreamedRow {
  /** When the row last changed: the next poll asks for changes after the newest one sent. */
  changedAt: Date;
  id?: string;
  data: unknown;
}

/**
 * Server-Sent Events of rows as they change, polled from the database so the stream sees what
 * any process wrote (web or worker): `ready` first, then `event` per changed row.
 */
export function pollStream(
  c: Context,
  options: { event: string; intervalMs: number; changedSince: (since: Date) => Promise<StreamedRow[]> },
) {
  return streamSSE(c, async (stream) => {
    let since = new Date();
    let open = true;
    stream.onAbort(() => {
      open = false;
    });
    await stream.writeSSE({ event: "ready", data: JSON.stringify({ since: since.toISOString() }) });
    while (open) {
      for (const row of await options.changedSince(since)) {
        await stream.writeSSE({
          event: options.event,
          data: JSON.stringify(row.data),
          ...(row.id !== undefined ? { id: row.id } : {}),
        });
        if (row.changedAt > since) since = row.changedAt;
      }
      await stream.sleep(options.intervalMs);
    }
  });
}
