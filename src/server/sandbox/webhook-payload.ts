import { createHmac } from "node:crypto";

export interface OutboxEvent {
  id: number;
  accountId: string;
  field: string;
  shape: "messaging" | "change";
  payload: Record<string, unknown>;
  eventTimeMs: number;
}

/**
 * One POST body for a batch: messaging events grouped into one entry per account (`time` in
 * ms), field changes into another (`time` in seconds) — either `changes:[{field,value}]` or,
 * with the "flat" reading, one entry per change with `field`/`value` on the entry.
 */
export function buildWebhookBody(events: OutboxEvent[], commentShape: "changes" | "flat") {
  const entries: Record<string, unknown>[] = [];
  const messaging = new Map<string, OutboxEvent[]>();
  const changes = new Map<string, OutboxEvent[]>();
  for (const e of events) {
    const map = e.shape === "messaging" ? messaging : changes;
    const list = map.get(e.accountId) ?? [];
    list.push(e);
    map.set(e.accountId, list);
  }
  for (const [accountId, list] of messaging) {
    entries.push({
      id: accountId,
      time: Math.max(...list.map((e) => e.eventTimeMs)),
      messaging: list.map((e) => e.payload),
    });
  }
  for (const [accountId, list] of changes) {
    const time = Math.floor(Math.max(...list.map((e) => e.eventTimeMs)) / 1000);
    if (commentShape === "flat") {
      for (const e of list) entries.push({ id: accountId, time, field: e.field, value: e.payload });
    } else {
      entries.push({ id: accountId, time, changes: list.map((e) => ({ field: e.field, value: e.payload })) });
    }
  }
  return { object: "instagram", entry: entries };
}

/** JSON with every non-ASCII UTF-16 unit escaped as \uXXXX, as Meta sends it. */
export function toMetaJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** `sha256=<hex>` over exactly the bytes sent. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}
