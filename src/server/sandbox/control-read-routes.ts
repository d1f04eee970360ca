import { and, asc, eq, gt, gte, sql } from "drizzle-orm";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { sandboxComments, sandboxMessages } from "../db/schema/index.ts";
import { validate } from "../http/validate.ts";
import type { SandboxContext } from "./context.ts";
import type { MessageRow } from "./directory.ts";
import { DEMO } from "./seed.ts";

const Threads = z.object({ accountId: z.string().default(DEMO.account.id), personId: z.string().min(1) });
const Messages = z.object({
  accountId: z.string().default(DEMO.account.id),
  since: z.string().datetime().optional(),
});
const Stream = z.object({
  accountId: z.string().optional(),
  afterSeq: z.coerce.number().int().min(0).optional(),
});

const STREAM_POLL_MS = 250; // Polls the table: works when another process wrote the row.

const view = (r: MessageRow) => ({
  seq: r.seq,
  mid: r.mid,
  accountId: r.accountId,
  personId: r.personId,
  direction: r.direction,
  kind: r.kind,
  source: r.source,
  body: r.body,
  createdAt: r.createdAt.toISOString(),
});

/** What the test phone reads: threads, what the API received, comments, and a live stream. */
export function controlReadRoutes(ctx: SandboxContext) {
  const { db } = ctx;
  const app = new Hono();

  app.get("/threads", validate("query", Threads), async (c) => {
    const q = c.req.valid("query");
    const rows = await db
      .select()
      .from(sandboxMessages)
      .where(and(eq(sandboxMessages.accountId, q.accountId), eq(sandboxMessages.personId, q.personId)))
      .orderBy(asc(sandboxMessages.seq));
    return c.json({ items: rows.filter((r) => r.kind !== "public_reply").map(view) });
  });

  app.get("/messages", validate("query", Messages), async (c) => {
    const q = c.req.valid("query");
    const rows = await db
      .select()
      .from(sandboxMessages)
      .where(
        and(
          eq(sandboxMessages.accountId, q.accountId),
          eq(sandboxMessages.source, "api"),
          ...(q.since ? [gte(sandboxMessages.createdAt, new Date(q.since))] : []),
        ),
      )
      .orderBy(asc(sandboxMessages.seq));
    return c.json({ messages: rows.map(view) });
  });

  app.get("/comments", async (c) => {
    const mediaId = c.req.query("mediaId");
    const rows = await db
      .select()
      .from(sandboxComments)
      .where(mediaId ? eq(sandboxComments.mediaId, mediaId) : undefined)
      .orderBy(asc(sandboxComments.createdAt));
    return c.json({ comments: rows });
  });

  app.get("/stream", validate("query", Stream), (c) => {
    const q = c.req.valid("query");
    return streamSSE(c, async (stream) => {
      let closed = false;
      stream.onAbort(() => {
        closed = true;
      });
      let after = q.afterSeq;
      if (after === undefined) {
        // From now on, unless the client resumes from a seq it saw.
        const max = await db.execute<{ m: string | null }>(
          sql`select max(seq)::text as m from autodm.sandbox_messages`,
        );
        after = Number(max.rows[0]?.m ?? 0);
      }
      await stream.writeSSE({ event: "ready", data: JSON.stringify({ afterSeq: after }) });
      while (!closed) {
        const rows = await db
          .select()
          .from(sandboxMessages)
          .where(
            and(
              gt(sandboxMessages.seq, after),
              ...(q.accountId ? [eq(sandboxMessages.accountId, q.accountId)] : []),
            ),
          )
          .orderBy(asc(sandboxMessages.seq))
          .limit(200);
        for (const r of rows) {
          await stream.writeSSE({ event: "item", id: String(r.seq), data: JSON.stringify(view(r)) });
          after = r.seq;
        }
        await stream.sleep(STREAM_POLL_MS);
      }
    });
  });

  return app;
}
