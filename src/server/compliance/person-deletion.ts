import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { PERSON_DATA, type PersonDataTable } from "./person-data.ts";
import { pruneWebhookBody } from "./prune-webhook-body.ts";

/** Rows removed (or erased) per table, e.g. {"autodm.contacts": 2}. */
export type DeletionCounts = Record<string, number>;

/** Leads that exist only because of Instagram go whole; the others lose their Instagram link. */
const INSTAGRAM_LEAD_SOURCES = ["instagram_dm", "comment", "automation"] as const;

/**
 * Deletes one person's data — every workspace, every table in PERSON_DATA — in one transaction,
 * so a failure leaves nothing half-deleted and the job that calls it simply tries again. Running
 * it twice is harmless: the second run finds nothing.
 */
export async function deletePersonData(db: Db, igsid: string): Promise<DeletionCounts> {
  return db.transaction(async (tx) => {
    const counts: DeletionCounts = {};
    const add = (table: string, n: number) => {
      if (n > 0) counts[table] = (counts[table] ?? 0) + n;
    };
    const run = async (query: SQL) => (await tx.execute(query)).rowCount ?? 0;

    for (const entry of PERSON_DATA) {
      if (entry.deletion === "via-contact") continue; // with the contact row, below
      if (entry.deletion === "custom") {
        if (entry.table === "autodm.inbound_events") await deleteWebhookData(tx, run, add, igsid);
        else if (entry.table === "autodm.leads") await deleteLeads(run, add, igsid);
        continue;
      }
      const where = matches(entry, igsid);
      if (entry.deletion === "delete-row") {
        if (entry.table === "autodm.contacts") await countCascades(tx, add, igsid);
        add(entry.table, await run(sql`delete from ${sql.raw(entry.table)} where ${where}`));
      } else {
        const set = Object.entries(entry.erase ?? {}).map(([column, value]) => `${column} = ${value}`);
        add(
          entry.table,
          await run(sql`update ${sql.raw(entry.table)} set ${sql.raw(set.join(", "))} where ${where}`),
        );
      }
    }
    return counts;
  });
}

function matches(entry: PersonDataTable, igsid: string): SQL {
  const column = sql.raw(entry.personColumn);
  return entry.identifies === "igsid"
    ? sql`${column} = ${igsid}`
    : sql`${column} in (select id from autodm.contacts where igsid = ${igsid})`;
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Run = (query: SQL) => Promise<number>;
type Add = (table: string, n: number) => void;

/**
 * The person's events go, and a raw body that was only theirs. A body Meta batched with other
 * people's events keeps those (pruneWebhookBody) and loses the person's; its raw bytes, kept only
 * when cleaning changed the text, are dropped. Bodies that mention the person without an event
 * of theirs (a rejected delivery) are found by the id in their text and handled alike.
 */
async function deleteWebhookData(tx: Tx, run: Run, add: Add, igsid: string) {
  const quoted = `"${igsid}"`;
  const touched = await tx.execute<{ id: number }>(sql`
    select payload_id as id from autodm.inbound_events where person_id = ${igsid}
    union
    select id from autodm.webhook_payloads
     where strpos(body::text, ${quoted}) > 0 or position(convert_to(${quoted}, 'UTF8') in raw) > 0`);
  const ids = touched.rows.map((r) => Number(r.id));
  add("autodm.inbound_events", await run(sql`delete from autodm.inbound_events where person_id = ${igsid}`));
  if (ids.length === 0) return;
  const list = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  add(
    "autodm.webhook_payloads",
    await run(sql`
      delete from autodm.webhook_payloads p
       where p.id in (${list}) and not exists (select 1 from autodm.inbound_events e where e.payload_id = p.id)`),
  );
  const shared = await tx.execute<{ id: number; body: unknown }>(
    sql`select id, body from autodm.webhook_payloads where id in (${list})`,
  );
  for (const row of shared.rows) {
    const pruned = row.body === null ? undefined : pruneWebhookBody(row.body, igsid);
    await tx.execute(
      pruned === undefined
        ? sql`update autodm.webhook_payloads set body = null, raw = null, rejected = 'erased by a data deletion request' where id = ${row.id}`
        : sql`update autodm.webhook_payloads set body = ${JSON.stringify(pruned)}::jsonb, raw = null where id = ${row.id}`,
    );
    add("autodm.webhook_payloads", 1);
  }
}

async function deleteLeads(run: Run, add: Add, igsid: string) {
  const theirs = sql`(instagram_id = ${igsid} or contact_id in (select id from autodm.contacts where igsid = ${igsid}))`;
  const sources = sql.join(
    INSTAGRAM_LEAD_SOURCES.map((s) => sql`${s}`),
    sql`, `,
  );
  add(
    "autodm.leads",
    await run(sql`delete from autodm.leads where ${theirs} and source::text in (${sources})`),
  );
  add(
    "autodm.leads",
    await run(sql`
      update autodm.leads
         set instagram_id = null, username = null, contact_id = null, dm_message_id = null, dm_text = null
       where ${theirs}`),
  );
}

/** The rows that go with the contact (ON DELETE CASCADE), counted before it is deleted. */
async function countCascades(tx: Tx, add: Add, igsid: string) {
  for (const entry of PERSON_DATA) {
    if (entry.deletion !== "via-contact") continue;
    const result = await tx.execute<{ n: number }>(
      sql`select count(*)::int as n from ${sql.raw(entry.table)} where ${matches(entry, igsid)}`,
    );
    add(entry.table, Number(result.rows[0]?.n ?? 0));
  }
}
