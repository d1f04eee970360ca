import { setTimeout as sleep } from "node:timers/promises";
import { type LatencySummary, summarize } from "../support/stats.ts";
import type { Session } from "./session.ts";

/**
 * The simulated people of the latency benches: JSON calls to autodm's API (as the workspace
 * owner, once signed up) and to the sandbox's control API, and the open-loop driver that
 * makes people DM at a steady rate.
 */
export const KEYWORD_TEXT = "hi, what's the price?";

export class JsonClient {
  /** The workspace owner (set once signed up); before that, plain JSON requests. */
  session: Session = {
    cookie: "",
    headers: (extra = {}) => ({ "content-type": "application/json", ...extra }),
  };

  async json<T>(method: string, url: string, body?: unknown): Promise<T> {
    const res = await fetch(url, {
      method,
      headers: this.session.headers(),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${url} → ${res.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Runs `fn` over `items`, `width` at a time. */
export async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

export interface DriveResult {
  planned: number;
  sent: number;
  failed: number;
  firstError: string | null;
  /** What was achieved: sent / (last send − first send). */
  achievedRate: number;
  /** How long the control API took to accept the person's DM (the sandbox's own write). */
  controlAck: LatencySummary | null;
  /** How far behind schedule the driver fired (its own event-loop lag). */
  scheduleLag: LatencySummary;
}

/**
 * Open loop: DM i fires at start + i / rate, whatever the earlier ones are doing. DM i is
 * person i mod people's, to account (i mod people) mod accounts: the load is spread evenly.
 */
export async function drive(
  client: JsonClient,
  sandbox: string,
  people: string[],
  accounts: string[],
  rate: number,
  seconds: number,
): Promise<DriveResult> {
  const planned = rate * seconds;
  const acks: number[] = [];
  const lags: number[] = [];
  let failed = 0;
  let firstError: string | null = null;
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  let fired = 0;
  let lastFire = start;
  while (fired < planned) {
    const now = performance.now();
    const due = Math.min(planned, Math.floor(((now - start) * rate) / 1000) + 1);
    while (fired < due) {
      const i = fired++;
      lags.push(now - (start + (i * 1000) / rate));
      lastFire = now;
      const igsid = people[i % people.length] as string;
      const p = (async () => {
        const t0 = performance.now();
        try {
          await client.json("POST", `${sandbox}/control/people/${igsid}/messages`, {
            // A person always writes to the same account: one thread, whose order can be checked.
            accountId: accounts[(i % people.length) % accounts.length],
            text: KEYWORD_TEXT,
          });
          acks.push(performance.now() - t0);
        } catch (err) {
          failed++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      })();
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await sleep(Math.max(1, Math.floor(1000 / rate)));
  }
  await Promise.all(inFlight);
  const spanS = (lastFire - start) / 1000;
  return {
    planned,
    sent: acks.length,
    failed,
    firstError,
    achievedRate: spanS > 0 ? planned / spanS : planned,
    controlAck: acks.length ? summarize(acks) : null,
    scheduleLag: summarize(lags),
  };
}
