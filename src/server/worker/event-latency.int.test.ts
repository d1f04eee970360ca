import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { DEMO, type PipelineHarness, startPipeline } from "../../../test/support/pipeline-harness.ts";
import { TEST_TOKEN_KEY } from "../../../test/support/test-config.ts";
import { activity } from "../db/schema/index.ts";
import { sandboxAppSecret } from "../instagram/meta-endpoints.ts";
import { signWebhookBody } from "../instagram/webhook-signature.ts";
import { loadKeyRing } from "../security/encryption-keys.ts";

const DAY = 86_400_000;
const MAX_INT = 2_147_483_647;

/**
 * An event whose own timestamp is weeks off (Meta's clock, a replayed delivery, a buggy sender):
 * the activity latency (now − timestamp) is clamped into its integer column, so the event gets
 * its row like any other instead of failing every try with none.
 */
describe.each(availableBackends())("activity latency of events weeks off on %s", (backendName) => {
  let backend: TestBackend;
  let h: PipelineHarness;
  const secret = sandboxAppSecret(
    loadKeyRing({ tokenEncryptionKey: TEST_TOKEN_KEY, dataDir: "/nonexistent" }),
  );

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    h = await startPipeline(backend);
    await h.connect();
    await h.createAutomation({
      name: "Price",
      trigger: { type: "dm_keyword" },
      conditions: { keywords: [{ text: "price", match: "contains" }] },
      actions: [{ type: "send_text", variations: ["The course is €49."] }],
    });
  });
  afterAll(async () => {
    await h?.stop();
    await backend?.dispose();
  });

  /** A DM from a new sandbox person, delivered with the given timestamp. */
  const dmAt = async (label: string, text: string, timestamp: number) => {
    const { person } = await h.json<{ person: { igsid: string } }>("POST", `${h.sandbox}/control/people`, {
      username: `${label}_${backendName.replace(/\W/g, "")}`.slice(0, 30),
      followsBusiness: true,
    });
    const body = JSON.stringify({
      object: "instagram",
      entry: [
        {
          id: DEMO.account.id,
          time: Date.now(),
          messaging: [
            {
              sender: { id: person.igsid },
              recipient: { id: DEMO.account.id },
              timestamp,
              message: { mid: `m_${label}_${backendName}_${timestamp}`, text },
            },
          ],
        },
      ],
    });
    const res = await fetch(`${h.base}/webhooks/instagram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": signWebhookBody(body, secret) },
      body,
    });
    expect(res.status).toBe(200);
    return person.igsid;
  };
  const settledRow = (personId: string) =>
    h.until(`a settled activity row for ${personId}`, async () => {
      const [row] = await h.runtime.database.db
        .select()
        .from(activity)
        .where(and(eq(activity.personId, personId), ne(activity.status, "pending")));
      return row;
    });

  it("25 days old: a run and a miss each get their row, latency at the column's maximum", async () => {
    const ran = await dmAt("old_run", "price?", Date.now() - 25 * DAY);
    const missed = await dmAt("old_miss", "hello", Date.now() - 25 * DAY);
    const run = await settledRow(ran);
    expect(run.automationId).not.toBeNull();
    expect(run.latencyMs).toBe(MAX_INT);
    const miss = await settledRow(missed);
    expect(miss).toMatchObject({ status: "skipped", latencyMs: MAX_INT });
  });

  it("25 days in the future: its row, latency 0 or what the worker took", async () => {
    const missed = await dmAt("future_miss", "hello", Date.now() + 25 * DAY);
    expect(await settledRow(missed)).toMatchObject({ status: "skipped", latencyMs: 0 });
    const ran = await dmAt("future_run", "price?", Date.now() + 25 * DAY);
    const run = await settledRow(ran);
    expect(run.latencyMs).toBeGreaterThanOrEqual(0);
    expect(run.latencyMs).toBeLessThan(60_000);
  });
});
