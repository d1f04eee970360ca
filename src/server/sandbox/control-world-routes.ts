import { asc, desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import {
  sandboxAccounts,
  sandboxDeliveries,
  sandboxFacebookUsers,
  sandboxMedia,
  sandboxOutbox,
  sandboxPages,
  sandboxPeople,
} from "../db/schema/index.ts";
import { AppError, notFound } from "../errors.ts";
import { validate } from "../http/validate.ts";
import type { SandboxContext } from "./context.ts";
import { directory } from "./directory.ts";
import { newAccountId, newIgsid, newMediaId, newPageId } from "./ids.ts";
import { DEMO } from "./seed.ts";
import { advanceClock, Behaviour, Faults, resetFaultCounter, saveSetting } from "./settings.ts";
import { listSubscriptions } from "./subscriptions.ts";
import { expireAccountTokens } from "./tokens.ts";

const CreateAccount = z.object({
  username: z.string().regex(/^[a-z0-9._]{1,30}$/),
  name: z.string().min(1).max(100).optional(),
  /** Also create a Page linked to it, owned by this Facebook user (default: the demo owner). */
  withPage: z.boolean().default(true),
  facebookUserId: z.string().regex(/^\d+$/).optional(),
});

const PersonFields = z.object({
  username: z.string().regex(/^[a-z0-9._]{1,30}$/),
  name: z.string().max(100).nullable().optional(),
  profilePic: z.string().url().nullable().optional(),
  followsBusiness: z.boolean().optional(),
  businessFollowsUser: z.boolean().optional(),
  acceptsMessages: z.boolean().optional(),
  isVerified: z.boolean().optional(),
  followerCount: z.number().int().min(0).optional(),
});

const CreateMedia = z.object({
  accountId: z.string().regex(/^\d+$/).default(DEMO.account.id),
  kind: z.enum(["post", "reel", "story", "live"]),
  caption: z.string().max(2200).default(""),
});

const Expire = z.object({ accountId: z.string().regex(/^\d+$/) });

/** The simulated world and its knobs: accounts, people, media, clock, faults, settings, logs. */
export function controlWorldRoutes(ctx: SandboxContext) {
  const { db } = ctx;
  const app = new Hono();
  app.use("*", async (_c, next) => {
    await ctx.moment(); // seeds on first use
    await next();
  });

  app.get("/accounts", async (c) => {
    const accounts = await db.select().from(sandboxAccounts).orderBy(asc(sandboxAccounts.id));
    const pages = await db.select().from(sandboxPages).orderBy(asc(sandboxPages.id));
    const facebookUsers = await db.select().from(sandboxFacebookUsers);
    return c.json({
      accounts: accounts.map((a) => ({ ...a, page: pages.find((p) => p.accountId === a.id) ?? null })),
      pages,
      facebookUsers,
    });
  });

  app.post("/accounts", validate("json", CreateAccount), async (c) => {
    const body = c.req.valid("json");
    const id = newAccountId();
    const inserted = await db
      .insert(sandboxAccounts)
      .values({ id, username: body.username, name: body.name ?? body.username })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) throw new AppError("conflict", `username ${body.username} is taken`);
    let page = null;
    if (body.withPage) {
      const facebookUserId = body.facebookUserId ?? DEMO.facebookUserId;
      await db
        .insert(sandboxFacebookUsers)
        .values({ id: facebookUserId, name: "Sandbox user" })
        .onConflictDoNothing();
      [page] = await db
        .insert(sandboxPages)
        .values({ id: newPageId(), name: body.name ?? body.username, facebookUserId, accountId: id })
        .returning();
    }
    return c.json({ account: inserted[0], page: page ?? null }, 201);
  });

  app.get("/people", async (c) =>
    c.json({ people: await db.select().from(sandboxPeople).orderBy(asc(sandboxPeople.igsid)) }),
  );

  app.post("/people", validate("json", PersonFields), async (c) => {
    const body = c.req.valid("json");
    const rows = await db
      .insert(sandboxPeople)
      .values({ igsid: newIgsid(), ...body })
      .onConflictDoNothing()
      .returning();
    if (rows.length === 0) throw new AppError("conflict", `username ${body.username} is taken`);
    return c.json({ person: rows[0] }, 201);
  });

  app.patch("/people/:igsid", validate("json", PersonFields.partial()), async (c) => {
    const body = c.req.valid("json");
    if (Object.keys(body).length === 0) throw new AppError("validation_failed", "nothing to update");
    const rows = await db
      .update(sandboxPeople)
      .set(body)
      .where(eq(sandboxPeople.igsid, c.req.param("igsid")))
      .returning();
    if (rows.length === 0) throw notFound(`person ${c.req.param("igsid")}`);
    return c.json({ person: rows[0] });
  });

  app.get("/media", async (c) => {
    const accountId = c.req.query("accountId");
    const rows = await db
      .select()
      .from(sandboxMedia)
      .where(accountId ? eq(sandboxMedia.accountId, accountId) : undefined)
      .orderBy(asc(sandboxMedia.id));
    return c.json({ media: rows });
  });

  app.post("/media", validate("json", CreateMedia), async (c) => {
    const body = c.req.valid("json");
    if (!(await directory.account(db, body.accountId))) throw notFound(`account ${body.accountId}`);
    const { now } = await ctx.moment();
    const [row] = await db
      .insert(sandboxMedia)
      .values({
        id: newMediaId(),
        accountId: body.accountId,
        kind: body.kind,
        caption: body.caption,
        createdAt: now,
      })
      .returning();
    return c.json({ media: row }, 201);
  });

  app.post("/media/:id/end-live", async (c) => {
    const { now } = await ctx.moment();
    const rows = await db
      .update(sandboxMedia)
      .set({ endedAt: now })
      .where(eq(sandboxMedia.id, c.req.param("id")))
      .returning();
    if (rows.length === 0) throw notFound(`media ${c.req.param("id")}`);
    return c.json({ media: rows[0] });
  });

  app.get("/clock", async (c) => {
    const { now, settings } = await ctx.moment();
    return c.json({ now: now.toISOString(), nowMs: now.getTime(), offsetMs: settings.clockOffsetMs });
  });

  app.post(
    "/clock",
    validate(
      "json",
      z.object({
        advanceMs: z
          .number()
          .int()
          .min(0)
          .max(400 * 86_400_000),
      }),
    ),
    async (c) => {
      const offsetMs = await advanceClock(db, c.req.valid("json").advanceMs);
      const now = new Date(Date.now() + offsetMs);
      return c.json({ now: now.toISOString(), nowMs: now.getTime(), offsetMs });
    },
  );

  app.get("/faults", async (c) => {
    const { settings } = await ctx.moment();
    // calls: Graph calls counted since the faults were last set (a share of them failed).
    return c.json({ faults: settings.faults, calls: settings.faultCounter });
  });

  app.put("/faults", validate("json", Faults), async (c) => {
    const faults = c.req.valid("json");
    await saveSetting(db, "faults", faults);
    await resetFaultCounter(db); // so "every Nth call" counts from this change
    return c.json({ faults });
  });

  app.get("/settings", async (c) => c.json({ settings: (await ctx.moment()).settings.behaviour }));

  app.put("/settings", validate("json", Behaviour.partial()), async (c) => {
    const merged = Behaviour.parse({ ...(await ctx.moment()).settings.behaviour, ...c.req.valid("json") });
    await saveSetting(db, "behaviour", merged);
    return c.json({ settings: merged });
  });

  app.get("/subscriptions", async (c) => c.json({ subscriptions: await listSubscriptions(db) }));

  app.get("/deliveries", async (c) => {
    const limit = Math.min(500, Number(c.req.query("limit") ?? 100) || 100);
    const deliveries = await db
      .select()
      .from(sandboxDeliveries)
      .orderBy(desc(sandboxDeliveries.id))
      .limit(limit);
    const outbox = await db.select().from(sandboxOutbox).orderBy(desc(sandboxOutbox.id)).limit(limit);
    return c.json({ deliveries, outbox });
  });

  app.post("/tokens/expire", validate("json", Expire), async (c) => {
    const { accountId } = c.req.valid("json");
    const { now } = await ctx.moment();
    const page = await directory.pageOfAccount(db, accountId);
    const expired = await expireAccountTokens(db, [accountId, ...(page ? [page.id] : [])], now);
    return c.json({ expired });
  });

  return app;
}
