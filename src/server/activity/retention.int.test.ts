import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { createDatabase, type Database } from "../db/database.ts";
import { runMigrations } from "../db/migrate.ts";
import { activity, inboundEvents, instagramAccounts, webhookPayloads } from "../db/schema/index.ts";
import { InboundEventsRepo } from "../ingest/inbound-events-repo.ts";
import type { InboundEvent } from "../instagram/inbound-event.ts";
import { createLogger } from "../observability/logger.ts";
import { ActivityLog } from "./activity-log.ts";
import { pruneOldRecords } from "./retention.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });
const DAY = 86_400_000;

describe.each(availableBackends())("retention on %s", (backendName) => {
  let backend: TestBackend;
  let database: Database;
  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    database = createDatabase(backend.databaseUrl, { max: 4, applicationName: "retention" });
    await runMigrations(database.pool, { logger, queueSchema: null });
  });
  afterAll(async () => {
    await database?.close();
    await backend?.dispose();
  });

  it("prunes raw payloads (with their events) and activity older than RETENTION_DAYS, keeps the rest", async () => {
    const db = database.db;
    const now = new Date();
    const [account] = await db
      .insert(instagramAccounts)
      .values({
        workspaceId: "w",
        loginType: "sandbox",
        igUserId: "1",
        username: "u",
        accessToken: "x",
        tokenIssuedAt: now,
      })
      .returning();
    const event = (id: string) =>
      ({
        kind: "message",
        igAccountId: "1",
        personId: "p",
        timestamp: 0,
        form: "messaging",
        dedupeKey: id,
        isEcho: false,
        isSelf: false,
      }) as InboundEvent;
    for (const [age, key] of [
      [40, "old"],
      [10, "recent"],
    ] as const) {
      const at = new Date(now.getTime() - age * DAY);
      const [payload] = await db.insert(webhookPayloads).values({ body: {}, receivedAt: at }).returning();
      await db.insert(inboundEvents).values({
        igAccountId: "1",
        personId: "p",
        dedupeKey: key,
        kind: "message",
        event: event(key),
        payloadId: payload?.id as number,
        receivedAt: at,
      });
      await db.insert(activity).values({
        workspaceId: "w",
        accountId: account?.id as string,
        personId: "p",
        trigger: "message",
        status: "success",
        createdAt: at,
      });
    }
    const repos = { events: new InboundEventsRepo(db), activity: new ActivityLog(db) };
    expect(await pruneOldRecords(repos, 30, now)).toEqual({ payloads: 1, activity: 1 });
    const keys = await db.execute<{ dedupe_key: string }>(sql`select dedupe_key from autodm.inbound_events`);
    expect(keys.rows.map((r) => r.dedupe_key)).toEqual(["recent"]);
    expect(await db.$count(activity)).toBe(1);
    expect(await pruneOldRecords(repos, 30, now)).toEqual({ payloads: 0, activity: 0 });
  });
});
