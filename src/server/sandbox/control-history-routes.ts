import { asc, gte } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { sandboxGraphCalls, sandboxMessages } from "../db/schema/index.ts";
import { notFound } from "../errors.ts";
import { validate } from "../http/validate.ts";
import type { SandboxContext } from "./context.ts";
import { directory } from "./directory.ts";
import { newMid } from "./ids.ts";
import { DEMO } from "./seed.ts";

const History = z.object({
  accountId: z.string().regex(/^\d+$/).default(DEMO.account.id),
  personId: z.string().regex(/^\d+$/),
  /** Oldest first; `agoMs` before the sandbox's now. */
  messages: z
    .array(
      z.object({
        direction: z.enum(["inbound", "outbound"]),
        text: z.string().min(1).max(1000),
        agoMs: z
          .number()
          .int()
          .min(0)
          .max(400 * 86_400_000),
      }),
    )
    .min(1)
    .max(1000),
});

const Calls = z.object({ sinceMs: z.coerce.number().int().min(0).optional() });

/** Calls in the busiest rolling second of a sorted list of times. */
export function busiestSecond(times: number[]): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] as number) - (times[start] as number) >= 1_000) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/**
 * Past threads and the Conversations API's call log: /control/history writes messages that
 * happened before autodm connected (no webhook is queued for them: they are history, only the
 * Conversations API tells of them); /control/graph-calls shows how fast a client called it.
 */
export function controlHistoryRoutes(ctx: SandboxContext) {
  const { db } = ctx;
  const app = new Hono();

  app.post("/history", validate("json", History), async (c) => {
    const body = c.req.valid("json");
    const { now } = await ctx.moment();
    if (!(await directory.account(db, body.accountId))) throw notFound(`account ${body.accountId}`);
    if (!(await directory.person(db, body.personId))) throw notFound(`person ${body.personId}`);
    const rows = await db
      .insert(sandboxMessages)
      .values(
        body.messages.map((m) => {
          const mid = newMid();
          return {
            mid,
            accountId: body.accountId,
            personId: body.personId,
            direction: m.direction,
            kind: "message",
            body: { message: { mid, text: m.text } },
            source: "phone" as const,
            opensWindow: m.direction === "inbound",
            createdAt: new Date(now.getTime() - m.agoMs),
          };
        }),
      )
      .returning({ mid: sandboxMessages.mid, seq: sandboxMessages.seq });
    return c.json({ messages: rows }, 201);
  });

  app.get("/graph-calls", validate("query", Calls), async (c) => {
    const q = c.req.valid("query");
    const rows = await db
      .select()
      .from(sandboxGraphCalls)
      .where(q.sinceMs !== undefined ? gte(sandboxGraphCalls.atMs, q.sinceMs) : undefined)
      .orderBy(asc(sandboxGraphCalls.atMs), asc(sandboxGraphCalls.id));
    const byToken = new Map<string, number[]>();
    for (const r of rows) {
      const list = byToken.get(r.tokenHash) ?? [];
      list.push(r.atMs);
      byToken.set(r.tokenHash, list);
    }
    return c.json({
      calls: rows.map((r) => ({
        // A prefix of the token's hash tells callers apart without exposing anything.
        token: r.tokenHash.slice(0, 12),
        path: r.path,
        atMs: r.atMs,
        rejected: r.rejected,
      })),
      rejected: rows.filter((r) => r.rejected).length,
      busiestSecond: Math.max(0, ...[...byToken.values()].map(busiestSecond)),
    });
  });

  app.delete("/graph-calls", async (c) => {
    await db.delete(sandboxGraphCalls);
    return c.body(null, 204);
  });

  return app;
}
