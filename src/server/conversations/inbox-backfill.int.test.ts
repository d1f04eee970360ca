import fs from "node:fs";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { createDatabase, type Database } from "../db/database.ts";
import { runMigrations } from "../db/migrate.ts";
import {
  automationRuns,
  automations,
  contacts,
  conversations,
  inboundEvents,
  instagramAccounts,
  messages,
  outboundMessages,
  webhookPayloads,
} from "../db/schema/index.ts";
import type { InboundEvent } from "../instagram/inbound-event.ts";
import { createLogger } from "../observability/logger.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });

/** The backfill part of the inbox migration, statement by statement, as drizzle runs it. */
function backfillStatements(): string[] {
  const file = fs.readdirSync("drizzle").find((f) => f.endsWith("_inbox.sql"));
  const text = fs.readFileSync(`drizzle/${file}`, "utf8");
  return text
    .slice(text.indexOf("-- Backfill:"))
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Existing contacts' history becomes threads: stored inbound events, sends with their outcome
 * (echoes → delivered, read receipts → read), replies typed in the Instagram app.
 */
describe.each(availableBackends())("the inbox backfill on %s", (backendName) => {
  let backend: TestBackend;
  let database: Database;

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    database = createDatabase(backend.databaseUrl, { max: 4, applicationName: "backfill" });
    await runMigrations(database.pool, { logger, queueSchema: null });
  });
  afterAll(async () => {
    await database?.close();
    await backend?.dispose();
  });

  it("rebuilds threads and conversations from stored events and sends", async () => {
    const db = database.db;
    const [account] = await db
      .insert(instagramAccounts)
      .values({
        workspaceId: "w1",
        loginType: "sandbox",
        igUserId: "1784",
        username: "shop",
        accessToken: "x",
        tokenIssuedAt: new Date(),
      })
      .returning();
    const accountId = account?.id as string;
    const t0 = Date.parse("2026-11-01T10:00:00Z");
    const [contact] = await db
      .insert(contacts)
      .values({ workspaceId: "w1", accountId, igsid: "p1", lastInboundAt: new Date(t0 + 60_000) })
      .returning();
    const contactId = contact?.id as string;
    const [payload] = await db.insert(webhookPayloads).values({ body: {} }).returning();
    const ev = (kind: InboundEvent["kind"], at: number, extra: Partial<InboundEvent>, key: string) => ({
      igAccountId: "1784",
      personId: "p1",
      dedupeKey: key,
      kind,
      payloadId: payload?.id as number,
      status: "processed" as const,
      event: {
        kind,
        igAccountId: "1784",
        personId: "p1",
        timestamp: at,
        form: "messaging",
        dedupeKey: key,
        isEcho: kind === "echo",
        isSelf: false,
        ...extra,
      } as InboundEvent,
    });
    const [automation] = await db
      .insert(automations)
      .values({ workspaceId: "w1", name: "Price", definition: {} })
      .returning();
    const [first] = await db
      .insert(inboundEvents)
      .values([
        ev("message", t0, { messageId: "m1", text: "price?" }, "m:m1"),
        ev("story_reply", t0 + 60_000, { messageId: "m2", text: "wow", replyTo: { storyId: "s9" } }, "m:m2"),
      ])
      .returning();
    const [run] = await db
      .insert(automationRuns)
      .values({
        workspaceId: "w1",
        accountId,
        contactId,
        eventId: first?.id as number,
        automationId: automation?.id as string,
        actions: [],
      })
      .returning();
    await db.insert(outboundMessages).values([
      {
        workspaceId: "w1",
        accountId,
        contactId,
        runId: run?.id,
        actionIndex: 0,
        channel: "send",
        recipientId: "p1",
        body: {},
        text: "€49",
        status: "sent",
        metaMessageId: "o1",
        createdAt: new Date(t0 + 1000),
      },
      {
        workspaceId: "w1",
        accountId,
        contactId,
        runId: run?.id,
        actionIndex: 1,
        channel: "send",
        recipientId: "p1",
        body: {},
        text: "more",
        status: "failed",
        errorCode: 10,
        errorMessage: "outside window",
        createdAt: new Date(t0 + 2000),
      },
    ]);
    await db
      .insert(inboundEvents)
      .values([
        ev("echo", t0 + 1100, { messageId: "o1", text: "€49" }, "m:o1"),
        ev("read", t0 + 5000, { messageId: "o1" }, "read:o1:p1"),
        ev("echo", t0 + 120_000, { messageId: "h1", text: "Anna here" }, "m:h1"),
      ]);

    await db.execute(sql`delete from autodm.messages`);
    await db.execute(sql`delete from autodm.conversations`);
    for (const statement of backfillStatements()) await db.execute(sql.raw(statement));

    const thread = await db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, contactId))
      .orderBy(asc(messages.at));
    expect(thread.map((m) => [m.direction, m.type, m.text, m.senderKind, m.status])).toEqual([
      ["in", "text", "price?", "person", "received"],
      ["out", "text", "€49", "automation", "read"],
      ["out", "text", "more", "automation", "failed"],
      ["in", "story_reply", "wow", "person", "received"],
      ["out", "text", "Anna here", "app", "delivered"],
    ]);
    expect(thread[1]?.senderRef).toBe(automation?.id);
    expect(thread[2]).toMatchObject({ failureCode: 10, failureReason: "outside window" });
    expect(thread[3]?.ref).toEqual({ kind: "story", id: "s9" });
    const [conversation] = await db
      .select()
      .from(conversations)
      .where(eq(conversations.contactId, contactId));
    expect(conversation).toMatchObject({
      workspaceId: "w1",
      lastMessagePreview: "Anna here",
      lastMessageDirection: "out",
      canReplyUntil: new Date(t0 + 60_000 + 24 * 3600_000),
    });
  });
});
