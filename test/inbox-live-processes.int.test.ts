import { afterAll, describe, expect, it } from "vitest";
import { DEMO } from "../src/server/sandbox/seed.ts";
import { type AutodmProcess, listenEnv, spawnAutodm, waitFor } from "./support/autodm-process.ts";
import {
  availableBackends,
  type BackendName,
  provisionBackend,
  type TestBackend,
} from "./support/backends.ts";
import { type Api, authenticate, connectSandbox, createPeople } from "./support/burst.ts";

/**
 * The inbox's live stream when the web and worker roles are separate processes: the worker
 * writes the thread (the person's DM, then the automation's reply), the web role streams it.
 * Each change must reach the web role's /api/conversations/stream within a second of the
 * moment it became visible to another process (the reply: the sandbox — Meta — received it).
 */
const shared: BackendName[] = availableBackends().filter((b) => b !== "pglite");
const cases: BackendName[] = shared.length > 0 ? shared : ["postgres"];
const REPLY = "Live reply from the worker";

interface Seen {
  at: number;
  event: string;
  data: Record<string, unknown>;
}

/** Reads a Server-Sent Events response into `seen` (timestamped on arrival) until aborted. */
function collect(res: Response, seen: Seen[]) {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data) seen.push({ at: Date.now(), event, data: JSON.parse(data) });
        end = buffer.indexOf("\n\n");
      }
    }
  })();
}

async function openStream(api: Api, path: string, seen: Seen[], controller: AbortController) {
  const res = await fetch(`${api.base}${path}`, { headers: api.headers, signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
  const done = collect(res, seen);
  await waitFor(`${path} ready`, async () => seen.some((s) => s.event === "ready"), 10_000);
  return done;
}

describe.skipIf(shared.length === 0).each(cases)("inbox live updates: web + worker on %s", (backendName) => {
  const processes: AutodmProcess[] = [];
  const controllers: AbortController[] = [];
  let backend: TestBackend;

  afterAll(async () => {
    for (const c of controllers) c.abort();
    for (const p of processes) {
      if (p.child.exitCode === null && p.child.signalCode === null) {
        p.kill("SIGTERM");
        await p.exited();
      }
    }
    await backend?.dispose();
  });

  it("streams the worker's thread writes to the web role within a second", async () => {
    backend = await provisionBackend(backendName);
    const env = { ...backend.env(), MIGRATE_ON_BOOT: "false" };
    const migrate = spawnAutodm(["migrate"], env);
    expect(await migrate.exited()).toBe(0);
    const listen = await listenEnv();
    const web = spawnAutodm(["web"], { ...env, ...listen });
    // The worker reaches the sandbox (Meta's stand-in) on the web role's address.
    const worker = spawnAutodm(["worker"], { ...env, APP_URL: listen.APP_URL });
    processes.push(web, worker);
    const api = await authenticate(await web.ready());
    await connectSandbox(api);
    await api.json("POST", "/api/automations", {
      version: 1,
      name: "Live keyword",
      trigger: { type: "dm_keyword" },
      conditions: { keywords: [{ text: "live", match: "contains" }] },
      actions: [{ type: "send_text", variations: [REPLY] }],
    });
    const [igsid] = await createPeople(api, 1, "liveperson");

    const inbox: Seen[] = [];
    const phone: Seen[] = [];
    for (const [path, seen] of [
      ["/api/conversations/stream", inbox],
      [`/sandbox/control/stream?accountId=${DEMO.account.id}`, phone],
    ] as const) {
      const controller = new AbortController();
      controllers.push(controller);
      void openStream(api, path, seen, controller);
    }
    await waitFor("both streams ready", async () => inbox.length > 0 && phone.length > 0, 10_000);

    await api.json("POST", `/sandbox/control/people/${igsid}/messages`, {
      accountId: DEMO.account.id,
      text: "live please",
    });
    const ofPerson = (s: Seen) =>
      s.event === "conversation" && (s.data.person as { igsid: string }).igsid === igsid;
    // The person's DM is written by the worker (processPerson), not by the web role's webhook.
    // The stream sends a conversation's state as of each poll, so the DM may already show the
    // reply as its preview; the unread count says the DM was recorded.
    const inbound = await waitFor("the DM on the inbox stream", async () =>
      inbox.find((s) => ofPerson(s) && s.data.unreadCount === 1),
    ).catch((e) => {
      throw new Error(`${e.message}; streamed: ${JSON.stringify(inbox)}; phone: ${JSON.stringify(phone)}`);
    });
    expect(["live please", REPLY]).toContain(inbound.data.preview);

    const received = await waitFor("the reply on the phone", async () =>
      phone.find((s) => s.event === "item" && JSON.stringify(s.data).includes(REPLY)),
    ).catch(async (e) => {
      const activity = await api.json("GET", "/api/activity");
      throw new Error(`${e.message}; activity: ${JSON.stringify(activity)}`);
    });
    const reply = await waitFor(
      "the reply on the inbox stream",
      async () =>
        inbox.find((s) => ofPerson(s) && s.data.preview === REPLY && s.data.lastDirection === "out"),
      5_000,
    );
    // Written before the send (the Sender's intent), so it may even precede the phone.
    expect(reply.at - received.at).toBeLessThan(1_000);

    // The list agrees with what was streamed.
    const page = await api.json<{ items: { person: { igsid: string }; preview: string }[] }>(
      "GET",
      "/api/conversations",
    );
    expect(page.items.find((c) => c.person.igsid === igsid)?.preview).toBe(REPLY);
  }, 120_000);
});
