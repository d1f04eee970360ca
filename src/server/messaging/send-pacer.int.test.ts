import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { createDatabase, type Database } from "../db/database.ts";
import { runMigrations } from "../db/migrate.ts";
import { instagramAccounts } from "../db/schema/index.ts";
import { createLogger } from "../observability/logger.ts";
import { SendPacer } from "./send-pacer.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });

describe.each(availableBackends())("send pacing on %s", (backendName) => {
  let backend: TestBackend;
  let database: Database;
  let accountId: string;
  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    database = createDatabase(backend.databaseUrl, { max: 6, applicationName: "pacer" });
    await runMigrations(database.pool, { logger, queueSchema: null });
    const [row] = await database.db
      .insert(instagramAccounts)
      .values({
        workspaceId: "w",
        loginType: "sandbox",
        igUserId: "1",
        username: "u",
        accessToken: "x",
        tokenIssuedAt: new Date(),
      })
      .returning();
    accountId = row?.id as string;
  });
  afterAll(async () => {
    await database?.close();
    await backend?.dispose();
  });

  it("grants the bucket's capacity at once, then one token per 1/rate, across concurrent takers", async () => {
    // A refill too slow to matter during the burst: exactly the 10 in the bucket are granted
    // to 16 concurrent takers (as from several workers), and the rest learn when to retry.
    const slow = new SendPacer(database.db, {
      send: { ratePerSecond: 0.01, capacity: 10 },
      private_reply: { ratePerSecond: 0.01, capacity: 2 },
    });
    const first = await Promise.all(Array.from({ length: 16 }, () => slow.take(accountId, "private_reply")));
    expect(first.filter((r) => r.ok)).toHaveLength(2);
    const refused = first.find((r) => !r.ok) as { ok: false; waitMs: number };
    expect(refused.waitMs).toBeGreaterThan(90_000); // ~1/0.01 s for the next token
    const burstStarted = performance.now();
    const burst = await Promise.all(Array.from({ length: 16 }, () => slow.take(accountId, "send")));
    expect(burst.filter((r) => r.ok)).toHaveLength(10);

    // At 20/s, a pause of 160 ms refills about 3 tokens.
    const pacer = new SendPacer(database.db, {
      send: { ratePerSecond: 20, capacity: 10 },
      private_reply: { ratePerSecond: 0.01, capacity: 2 },
    });
    await new Promise((r) => setTimeout(r, 160));
    const later = await Promise.all(Array.from({ length: 6 }, () => pacer.take(accountId, "send")));
    const granted = later.filter((r) => r.ok).length;
    expect(granted).toBeGreaterThanOrEqual(2);
    // No more than the refill since the bucket was emptied (a busy machine stretches the time).
    const refilledMs = performance.now() - burstStarted;
    expect(granted).toBeLessThanOrEqual(Math.min(6, 1 + Math.floor((refilledMs * 20) / 1000)));
  });
});
