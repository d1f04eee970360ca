import { createHmac } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { DEMO, type PipelineHarness, startPipeline } from "../../../test/support/pipeline-harness.ts";
import { TEST_TOKEN_KEY } from "../../../test/support/test-config.ts";
import { sandboxAppSecret } from "../instagram/meta-endpoints.ts";
import { signWebhookBody } from "../instagram/webhook-signature.ts";
import { loadKeyRing } from "../security/encryption-keys.ts";
import { createTokenVault } from "../security/token-vault.ts";
import { NOT_PERSON_DATA, PERSON_DATA } from "./person-data.ts";

const RING = loadKeyRing({ tokenEncryptionKey: TEST_TOKEN_KEY, dataDir: "/nonexistent" });
const SECRET = sandboxAppSecret(RING);

/** Meta's signed_request, built here with node:crypto, independently of the code under test. */
function signedRequest(payload: Record<string, unknown>, secret = SECRET): string {
  const encoded = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${createHmac("sha256", secret).update(encoded).digest("base64url")}.${encoded}`;
}
const form = (signed: string | undefined) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: signed === undefined ? "" : new URLSearchParams({ signed_request: signed }).toString(),
});

/** Columns that name a person (or point at one) in the app's tables. */
const PERSON_COLUMNS = [
  "igsid",
  "person_id",
  "contact_id",
  "recipient_id",
  "instagram_id",
  "conversation_id",
];

/**
 * Meta's compliance callbacks over real HTTP, the sandbox playing Instagram: a data-deletion
 * request really removes the person's rows, table by table, and leaves everyone else's; a bad
 * signature changes nothing; deauthorize disconnects the account and deletes its token.
 */
describe.each(availableBackends())("Meta's compliance callbacks on %s", (backendName) => {
  let backend: TestBackend;
  let h: PipelineHarness;
  let gone: string;
  let kept: string;
  const tag = backendName.replace(/\W/g, "");

  const rowsOf = async (igsid: string) => {
    const count = async (query: ReturnType<typeof sql>) =>
      Number(((await h.runtime.database.db.execute(query)).rows[0] as { n: number }).n);
    const contact = sql`(select id from autodm.contacts where igsid = ${igsid})`;
    const quoted = `"${igsid}"`;
    return {
      contacts: await count(sql`select count(*)::int as n from autodm.contacts where igsid = ${igsid}`),
      conversations: await count(
        sql`select count(*)::int as n from autodm.conversations where contact_id in ${contact}`,
      ),
      messages: await count(
        sql`select count(*)::int as n from autodm.messages where conversation_id in ${contact}`,
      ),
      inboundEvents: await count(
        sql`select count(*)::int as n from autodm.inbound_events where person_id = ${igsid}`,
      ),
      payloads: await count(
        sql`select count(*)::int as n from autodm.webhook_payloads where strpos(body::text, ${quoted}) > 0
             or position(convert_to(${quoted}, 'UTF8') in raw) > 0`,
      ),
      activity: await count(sql`select count(*)::int as n from autodm.activity where person_id = ${igsid}`),
      outbound: await count(
        sql`select count(*)::int as n from autodm.outbound_messages where recipient_id = ${igsid}`,
      ),
      leads: await count(sql`select count(*)::int as n from autodm.leads where instagram_id = ${igsid}`),
      runs: await count(
        sql`select count(*)::int as n from autodm.automation_runs where contact_id in ${contact}`,
      ),
    };
  };

  const newPerson = async (username: string) => {
    const { person } = await h.json<{ person: { igsid: string } }>("POST", `${h.sandbox}/control/people`, {
      username: `${username}_${tag}`.slice(0, 30),
      followsBusiness: true,
    });
    return person.igsid;
  };

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    h = await startPipeline(backend);
    await h.connect();
    await h.createAutomation({
      name: "Guide",
      trigger: { type: "dm_keyword" },
      conditions: { keywords: [{ text: "guide", match: "contains" }] },
      actions: [
        { type: "send_text", variations: ["Here is the guide."] },
        { type: "save_lead", source: "guide" },
      ],
    });
    gone = await newPerson("forget_me");
    kept = await newPerson("keep_me");
    for (const who of [gone, kept]) await h.person(who).dm("send me the guide please");
    // One delivery that carries both people (Meta batches): it must be erased, not kept whole.
    const body = JSON.stringify({
      object: "instagram",
      entry: [
        {
          id: DEMO.account.id,
          time: Date.now(),
          messaging: [gone, kept].map((who) => ({
            sender: { id: who },
            recipient: { id: DEMO.account.id },
            timestamp: Date.now(),
            message: { mid: `m_batch_${who}_${tag}`, text: `batched from ${who}` },
          })),
        },
      ],
    });
    const batched = await fetch(`${h.base}/webhooks/instagram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": signWebhookBody(body, SECRET) },
      body,
    });
    expect(batched.status).toBe(200);
    for (const who of [gone, kept]) {
      await h.until(`guide sent to ${who}`, async () => (await h.sent(who)).length > 0);
      await h.until(`lead of ${who}`, async () => (await rowsOf(who)).leads === 1);
      await h.until(`batched DM of ${who} handled`, async () => (await rowsOf(who)).activity >= 2);
    }
  });
  afterAll(async () => {
    await h?.stop();
    await backend?.dispose();
  });

  it("lists every table with a person column, and what cascades really cascades", async () => {
    const { rows } = await h.runtime.database.db.execute<{ table_name: string; column_name: string }>(sql`
      select table_name, column_name from information_schema.columns
       where table_schema = 'autodm' and column_name in ${sql.raw(`(${PERSON_COLUMNS.map((c) => `'${c}'`).join(", ")})`)}`);
    const listed = new Set([...PERSON_DATA.map((t) => t.table), ...NOT_PERSON_DATA]);
    const missing = rows.map((r) => `autodm.${r.table_name}`).filter((t) => !listed.has(t));
    expect(missing, "tables with person data missing from compliance/person-data.ts").toEqual([]);

    for (const entry of PERSON_DATA.filter((t) => t.deletion === "via-contact")) {
      const { rows: fks } = await h.runtime.database.db.execute<{ delete_rule: string }>(sql`
        select rc.delete_rule from information_schema.referential_constraints rc
          join information_schema.key_column_usage k on k.constraint_name = rc.constraint_name
                                                    and k.constraint_schema = rc.constraint_schema
          join information_schema.constraint_column_usage u on u.constraint_name = rc.constraint_name
                                                           and u.constraint_schema = rc.constraint_schema
         where k.table_schema = 'autodm' and k.table_name = ${entry.table.replace("autodm.", "")}
           and k.column_name = ${entry.personColumn} and u.table_name = 'contacts'`);
      expect(
        fks.map((f) => f.delete_rule),
        `${entry.table}.${entry.personColumn}`,
      ).toEqual(["CASCADE"]);
    }
  });

  it("refuses a missing, tampered or wrongly keyed signed_request with a 400 and deletes nothing", async () => {
    const before = await rowsOf(gone);
    expect(before).toMatchObject({ contacts: 1, conversations: 1, leads: 1, outbound: 1 });
    expect(before.messages).toBeGreaterThanOrEqual(3);
    expect(before.inboundEvents).toBeGreaterThanOrEqual(2);
    expect(before.payloads).toBeGreaterThanOrEqual(2);

    const good = signedRequest({ algorithm: "HMAC-SHA256", issued_at: 1, user_id: gone });
    const [sig] = good.split(".");
    const tampered = `${sig}.${Buffer.from(JSON.stringify({ algorithm: "HMAC-SHA256", user_id: kept })).toString("base64url")}`;
    for (const bad of [
      undefined,
      "not-a-signed-request",
      tampered,
      signedRequest({ algorithm: "HMAC-SHA256", user_id: gone }, "another app's secret"),
      signedRequest({ algorithm: "HS512", user_id: gone }),
    ]) {
      const res = await fetch(`${h.base}/meta/data-deletion`, form(bad));
      expect(res.status, String(bad)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(
        /bad_request|validation_failed/,
      );
    }
    expect(await rowsOf(gone)).toEqual(before);
  });

  it("a signed deletion request removes the person's data in every table and keeps everyone else's", async () => {
    const keptBefore = await rowsOf(kept);
    const res = await fetch(
      `${h.base}/meta/data-deletion`,
      form(signedRequest({ algorithm: "HMAC-SHA256", issued_at: 1_765_000_000, user_id: gone })),
    );
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { url: string; confirmation_code: string };
    expect(answer.confirmation_code).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(answer.url).toBe(`${h.base}/meta/data-deletion/status?code=${answer.confirmation_code}`);

    const page = await h.until("deletion done", async () => {
      const status = await fetch(answer.url);
      const text = await status.text();
      expect(status.headers.get("content-type")).toMatch(/text\/html/);
      return text.includes("has been deleted") && text;
    });
    expect(page).toContain(answer.confirmation_code);

    expect(await rowsOf(gone)).toEqual({
      contacts: 0,
      conversations: 0,
      messages: 0,
      inboundEvents: 0,
      payloads: 0,
      activity: 0,
      outbound: 0,
      leads: 0,
      runs: 0,
    });
    // Everyone else's data is untouched — in deliveries shared with the person too.
    expect(await rowsOf(kept)).toEqual(keptBefore);
    const { rows: erased } = await h.runtime.database.db.execute<{ n: number }>(sql`
      select count(*)::int as n from autodm.activity
       where person_id = 'erased' and incoming_text is null and response_text is null and person_username is null`);
    expect(erased[0]?.n).toBeGreaterThanOrEqual(2);
    // What the request row keeps: the code and counts, not the person's id.
    const { rows: request } = await h.runtime.database.db.execute<{ user_id: string | null; status: string }>(
      sql`select user_id, status from autodm.data_deletion_requests where confirmation_code = ${answer.confirmation_code}`,
    );
    expect(request).toEqual([{ user_id: null, status: "done" }]);

    const unknown = await fetch(`${h.base}/meta/data-deletion/status?code=nosuchcode123`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("No deletion request");
  });

  it("deauthorize disconnects the account in every workspace, deletes its token and stops its automations", async () => {
    const res = await fetch(
      `${h.base}/meta/deauthorize`,
      form(signedRequest({ algorithm: "HMAC-SHA256", user_id: "x" }, "wrong")),
    );
    expect(res.status).toBe(400);
    const [connected] = (
      await h.json<{ accounts: { status: string }[] }>("GET", `${h.base}/api/instagram/accounts`)
    ).accounts;
    expect(connected?.status).toBe("connected");

    const ok = await fetch(
      `${h.base}/meta/deauthorize`,
      form(signedRequest({ algorithm: "HMAC-SHA256", issued_at: 1, user_id: DEMO.account.id })),
    );
    expect(ok.status).toBe(200);
    const [account] = (
      await h.json<{ accounts: { status: string; statusReason: string }[] }>(
        "GET",
        `${h.base}/api/instagram/accounts`,
      )
    ).accounts;
    expect(account).toMatchObject({ status: "disconnected" });
    expect(account?.statusReason).toMatch(/Reconnect/);
    const { rows } = await h.runtime.database.db.execute<{ access_token: string }>(
      sql`select access_token from autodm.instagram_accounts where ig_user_id = ${DEMO.account.id}`,
    );
    expect(rows).toHaveLength(1);
    // The stored ciphertext now holds nothing: the sandbox's token is gone.
    expect(createTokenVault(RING).decrypt(rows[0]?.access_token as string)).toBe("");

    const sentBefore = (await h.sent(kept)).length;
    await h.person(kept).dm("the guide again please");
    await h.until("the DM is parked, not answered", async () =>
      (await h.activity()).some((a) => a.personId === kept && a.reason === "account_not_connected"),
    );
    expect((await h.sent(kept)).length).toBe(sentBefore);
  });
});
