import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startModelServer } from "../../../test/support/ai-provider-servers.ts";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { TEST_TOKEN_KEY } from "../../../test/support/test-config.ts";
import { loadConfig } from "../config.ts";
import { ContactsRepo } from "../conversations/contacts-repo.ts";
import { createDatabase, type Database } from "../db/database.ts";
import { runMigrations } from "../db/migrate.ts";
import { aiTurns, contacts, instagramAccounts } from "../db/schema/index.ts";
import { createLogger } from "../observability/logger.ts";
import { loadKeyRing } from "../security/encryption-keys.ts";
import { createTokenVault } from "../security/token-vault.ts";
import { AiReplyService } from "./ai-reply-service.ts";
import { AiSettingsRepo } from "./ai-settings-repo.ts";
import { AiTurnsRepo } from "./ai-turns-repo.ts";
import { AiUsageRepo } from "./ai-usage-repo.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });

/** The AI tables on a real database: history, retries, pruning, usage, workspace scoping. */
describe.each(availableBackends())("AI repositories on %s", (backendName) => {
  let backend: TestBackend;
  let database: Database;
  let accountId: string;
  let contactId: string;
  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    database = createDatabase(backend.databaseUrl, { max: 4, applicationName: "ai-repos" });
    await runMigrations(database.pool, { logger, queueSchema: null });
    const [account] = await database.db
      .insert(instagramAccounts)
      .values({
        workspaceId: "w1",
        loginType: "instagram",
        igUserId: "1",
        username: "u",
        accessToken: "x",
        tokenIssuedAt: new Date(),
      })
      .returning();
    accountId = account?.id as string;
    const [contact] = await database.db
      .insert(contacts)
      .values({ workspaceId: "w1", accountId, igsid: "p" })
      .returning();
    contactId = contact?.id as string;
  });
  afterAll(async () => {
    await database?.close();
    await backend?.dispose();
  });

  const base = (runId = randomUUID()) => ({
    workspaceId: "w1",
    contactId,
    automationId: "a",
    runId,
    actionIndex: 0,
  });

  it("keeps the first answer of a run (a retry gets it back) and reads history oldest first, this run excluded", async () => {
    const runId = randomUUID();
    const first = await new AiTurnsRepo(database.db).save(base(runId), "price?", "€49", {
      outcome: "answer",
    });
    const again = await new AiTurnsRepo(database.db).save(base(runId), "price?", "something else", {});
    expect(again.text).toBe("€49");
    expect(again.id).toBe(first.id);
    const turns = new AiTurnsRepo(database.db);
    expect((await turns.answerFor(runId, 0))?.text).toBe("€49");
    await turns.save(base(), "when?", "May 4th", {});
    expect(await turns.history(contactId, new Date(), runId)).toEqual([
      { role: "user", text: "when?" },
      { role: "assistant", text: "May 4th" },
    ]);
    // History reaches back 24 hours only.
    expect(await turns.history(contactId, new Date(Date.now() + 25 * 3600_000))).toEqual([]);
  });

  it("prunes turns older than a week now and then", async () => {
    const old = new Date(Date.now() - 8 * 86_400_000);
    await database.db.insert(aiTurns).values(
      Array.from({ length: 30 }, (_, i) => ({
        ...base(),
        role: "user",
        text: `old ${i}`,
        createdAt: old,
        runId: null,
      })),
    );
    const turns = new AiTurnsRepo(database.db);
    for (let i = 0; i < 10; i++) await turns.save(base(), `q${i}`, `a${i}`, {}); // 20 rows: an id divisible by 16
    const [left] = await database.db
      .select({ n: count() })
      .from(aiTurns)
      .where(eq(aiTurns.contactId, contactId));
    const [oldLeft] = await database.db.select({ n: count() }).from(aiTurns).where(eq(aiTurns.text, "old 0"));
    expect(oldLeft?.n).toBe(0);
    expect(left?.n).toBeGreaterThanOrEqual(23); // the recent ones stay
  });

  it("counts usage per workspace, month and provider", async () => {
    const usage = new AiUsageRepo(database.db);
    const at = new Date("2026-11-05T10:00:00Z");
    await usage.record("w1", at, { provider: "openai", failed: false, inputTokens: 100, outputTokens: 20 });
    await usage.record("w1", at, { provider: "openai", failed: true, inputTokens: 0, outputTokens: 0 });
    await usage.record("w1", at, { provider: "offline", failed: false, inputTokens: 0, outputTokens: 0 });
    await usage.record("w1", new Date("2026-12-01T00:00:00Z"), {
      provider: "openai",
      failed: false,
      inputTokens: 5,
      outputTokens: 5,
    });
    await usage.record("w2", at, { provider: "openai", failed: false, inputTokens: 999, outputTokens: 999 });
    expect(await usage.month("w1", "2026-11")).toMatchObject({
      requests: 3,
      failures: 1,
      inputTokens: 100,
      outputTokens: 20,
      byProvider: [
        { provider: "offline", requests: 1 },
        { provider: "openai", requests: 2, failures: 1 },
      ],
    });
  });

  it("a retry of the same run re-sends the stored answer without asking the model again", async () => {
    const server = await startModelServer("openai", () => ({ text: "It starts on May 4th." }));
    try {
      const vault = createTokenVault(
        loadKeyRing({ tokenEncryptionKey: TEST_TOKEN_KEY, dataDir: "/nonexistent" }),
      );
      const usage = new AiUsageRepo(database.db);
      const service = new AiReplyService({
        settings: new AiSettingsRepo(database.db, vault),
        usage,
        turns: new AiTurnsRepo(database.db),
        contacts: new ContactsRepo(database.db),
        config: loadConfig({ OPENAI_API_KEY: "sk-test-0123456789", OPENAI_BASE_URL: server.baseUrl }).ai,
        logger,
      });
      const [contact] = await database.db.select().from(contacts).where(eq(contacts.id, contactId));
      const request = {
        workspaceId: "w1",
        accountId,
        contact: contact as NonNullable<typeof contact>,
        event: {
          kind: "message" as const,
          igAccountId: "1",
          personId: "p",
          timestamp: Date.now(),
          form: "messaging" as const,
          dedupeKey: "k",
          text: "when does it start?",
          isEcho: false,
          isSelf: false,
        },
        runId: randomUUID(),
        actionIndex: 2,
        automationId: "a-retry",
        action: { type: "ai_reply" as const },
      };
      const before = (await usage.month("w1", new Date().toISOString().slice(0, 7))).requests;
      const first = await service.reply(request);
      const retry = await service.reply(request);
      expect(first).toMatchObject({
        kind: "send",
        text: "It starts on May 4th.",
        note: { outcome: "answer" },
      });
      expect(retry).toMatchObject({ kind: "send", text: "It starts on May 4th.", note: { replayed: true } });
      expect(server.requests).toHaveLength(1);
      expect((await usage.month("w1", new Date().toISOString().slice(0, 7))).requests).toBe(before + 1);
      const [marked] = await database.db.select().from(contacts).where(eq(contacts.id, contactId));
      expect(marked?.aiAutomationId).toBe("a-retry");
    } finally {
      await server.close();
    }
  });

  it("scopes settings to the workspace and keeps keys encrypted", async () => {
    const vault = createTokenVault(
      loadKeyRing({ tokenEncryptionKey: TEST_TOKEN_KEY, dataDir: "/nonexistent" }),
    );
    const repo = new AiSettingsRepo(database.db, vault);
    await expect(repo.get("w2", accountId)).rejects.toMatchObject({ code: "not_found" });
    expect((await repo.get("w1", accountId)).saved).toBe(false);
    await repo.putKey("w1", "openai", { apiKey: "sk-secret-value-123", model: "m" });
    expect((await repo.keys("w1"))[0]).toMatchObject({
      provider: "openai",
      apiKey: "sk-secret-value-123",
      model: "m",
    });
    expect(await repo.keys("w2")).toEqual([]);
    const raw = await database.pool.query("select api_key from autodm.ai_provider_keys");
    expect(raw.rows[0].api_key).not.toContain("sk-secret");
    expect(await repo.deleteKey("w2", "openai")).toBe(false);
    expect(await repo.deleteKey("w1", "openai")).toBe(true);
  });
});
