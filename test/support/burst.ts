import { setTimeout as sleep } from "node:timers/promises";
import { DEMO } from "../../src/server/sandbox/seed.ts";
import { createApiKey, signUp } from "./auth-helper.ts";
import { TestBrowser } from "./test-browser.ts";

/**
 * Drives a burst of DMs through a running autodm's sandbox (the sandbox delivers them as
 * signed, batched webhooks), and reads back what the people received and what the activity
 * log says — for the crash tests, where autodm runs as child processes.
 */
export interface ActivityRow {
  id: number;
  eventId: number;
  personId: string;
  automationId: string | null;
  incomingText: string | null;
  responseText: string | null;
  status: "success" | "failed" | "pending" | "skipped";
  reason: string | null;
}

/** Calls autodm's API (and the sandbox's control API) with the credentials it needs, if any. */
export class Api {
  constructor(
    readonly base: string,
    readonly headers: Record<string, string>,
    /** The session cookie, for the browser that walks the connect flow. */
    readonly cookie: string,
  ) {}

  /** The same credentials against another process (or a restarted one) of the same database. */
  at(base: string): Api {
    return new Api(base, this.headers, this.cookie);
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...this.headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Signs the workspace's owner up and makes an API key (the API and the sandbox's control API need one). */
export async function authenticate(base: string): Promise<Api> {
  const session = await signUp(base, new URL(base).origin);
  const key = await createApiKey(base, session);
  return new Api(base, { authorization: `Bearer ${key}` }, session.cookie);
}

/** The sandbox account connected through the real connect flow (OAuth dialog and callback). */
export async function connectSandbox(api: Api, accountId: string = DEMO.account.id) {
  const browser = new TestBrowser().withCookies(api.base, api.cookie);
  const start = await browser.request(`${api.base}/api/instagram/connect/sandbox/start`);
  if (!start.location) throw new Error(`connect start: ${start.status} ${start.text.slice(0, 300)}`);
  const dialog = await browser.visit(start.location);
  const done = await browser.submit(dialog, { choice: accountId, decision: "allow" });
  if (!done.text.includes("is connected")) throw new Error(`connect failed: ${done.text.slice(0, 300)}`);
}

/** Creates `count` simulated people; returns their IGSIDs. */
export async function createPeople(api: Api, count: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  await inParallel(
    Array.from({ length: count }, (_, i) => i),
    20,
    async (i) => {
      const { person } = await api.json<{ person: { igsid: string } }>("POST", "/sandbox/control/people", {
        username: `${prefix}${i}`.slice(0, 30),
        followsBusiness: true,
      });
      ids[i] = person.igsid;
    },
  );
  return ids;
}

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await fn(item);
      }
    }),
  );
}

/**
 * A gate the burst passes before each request: closed (and drained) around a kill of the
 * process that serves the sandbox, so no request is left with an unknown outcome.
 */
export class Gate {
  private open = Promise.resolve();
  private release: (() => void) | undefined;
  private inflight = 0;

  async pass<T>(fn: () => Promise<T>): Promise<T> {
    await this.open;
    this.inflight++;
    try {
      return await fn();
    } finally {
      this.inflight--;
    }
  }

  async close() {
    this.open = new Promise((r) => {
      this.release = r;
    });
    while (this.inflight > 0) await sleep(5);
  }

  reopen() {
    this.release?.();
    this.release = undefined;
  }
}

/**
 * Each person sends `perPerson` DMs in order ("<keyword> <i>"); people in parallel.
 */
export async function burst(opts: {
  api: Api;
  people: string[];
  perPerson: number;
  keyword: string;
  parallel: number;
  gate?: Gate;
  onSent?: () => void;
}) {
  await inParallel(opts.people, opts.parallel, async (igsid) => {
    for (let i = 0; i < opts.perPerson; i++) {
      const post = () =>
        opts.api.json("POST", `/sandbox/control/people/${igsid}/messages`, {
          accountId: DEMO.account.id,
          text: `${opts.keyword} ${i}`,
        });
      await (opts.gate ? opts.gate.pass(post) : post());
      opts.onSent?.();
    }
  });
}

interface SentMessage {
  personId: string;
  kind: string;
  body: { message?: { text?: string } };
}

/** autodm's messages as the sandbox recorded them (sender actions excluded). */
export async function sentMessages(api: Api): Promise<SentMessage[]> {
  const { messages } = await api.json<{ messages: SentMessage[] }>(
    "GET",
    `/sandbox/control/messages?accountId=${DEMO.account.id}`,
  );
  return messages.filter((m) => m.kind !== "sender_action");
}

/** Every activity row, paged. */
export async function allActivity(api: Api): Promise<ActivityRow[]> {
  const rows: ActivityRow[] = [];
  let cursor: number | null = null;
  do {
    const page: { items: ActivityRow[]; nextCursor: number | null } = await api.json(
      "GET",
      `/api/activity?limit=200${cursor ? `&cursor=${cursor}` : ""}`,
    );
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

/** Jobs by kind and state, from /metrics (`autodm_queue_jobs{job,state}`). */
export async function queueDepth(base: string): Promise<Record<string, Record<string, number>>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const depth: Record<string, Record<string, number>> = {};
  for (const m of text.matchAll(/^autodm_queue_jobs\{job="(\w+)",state="(\w+)"\} (\d+)/gm)) {
    const [, job, state, n] = m as unknown as [string, string, string, string];
    depth[job] ??= {};
    (depth[job] as Record<string, number>)[state] = Number(n);
  }
  return depth;
}
