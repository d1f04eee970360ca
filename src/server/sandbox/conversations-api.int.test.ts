import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends } from "../../../test/support/backends.ts";
import { connectInstagram, type Kit, sleep, startKit } from "../../../test/support/sandbox-test-kit.ts";
import { busiestSecond } from "./control-history-routes.ts";
import { DEMO } from "./seed.ts";

const MINUTE = 60_000;
const G = "/ig-graph/v24.0";

/**
 * The Conversations API as the sandbox plays it: conversations of an account and messages of
 * a conversation with their fields, Meta's cursors (`paging.cursors.after`, `paging.next`),
 * limits, the 2 calls/s rule (enforced when switched on, logged always) and the "details
 * only for recent messages" reading.
 */
describe.each(availableBackends())("sandbox Conversations API on %s", (backendName) => {
  let kit: Kit;
  let token: string;
  const people: { igsid: string; username: string }[] = [];
  const get = (path: string) =>
    kit.call("GET", path.startsWith("http") ? path.slice(kit.base.length) : path, { token });

  beforeAll(async () => {
    kit = await startKit(backendName);
    token = (await connectInstagram(kit, DEMO.account.id)).longToken;
    for (let p = 0; p < 3; p++) {
      const username = `history_${p}_${Date.now().toString(36)}`;
      const created = await kit.control("POST", "/people", { username, name: `History ${p}` });
      expect(created.status).toBe(201);
      const igsid = created.body.person.igsid as string;
      people.push({ igsid, username });
      // 30 past messages each, alternating, oldest first; person p's last is the newest overall for p=2.
      const messages = Array.from({ length: 30 }, (_, i) => ({
        direction: i % 2 === 0 ? "inbound" : "outbound",
        text: `p${p} m${i}`,
        agoMs: (30 - i) * MINUTE + (3 - p) * 1000,
      }));
      const seeded = await kit.control("POST", "/history", {
        accountId: DEMO.account.id,
        personId: igsid,
        messages,
      });
      expect(seeded.status).toBe(201);
      expect(seeded.body.messages).toHaveLength(30);
    }
  });
  afterAll(async () => {
    await kit?.stop();
  });

  it("lists conversations with participants, paged by cursor and next", async () => {
    const seen: { id: string; participants: { data: { id: string; username: string }[] } }[] = [];
    let page = await get(`${G}/me/conversations?platform=instagram&fields=participants,updated_time&limit=2`);
    for (;;) {
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data);
      if (!page.body.paging.next) break;
      expect(page.body.paging.cursors.after).toEqual(expect.any(String));
      expect(page.body.paging.next).toContain("fields=participants");
      page = await get(page.body.paging.next);
    }
    const ours = seen.filter((c) => c.participants.data.some((x) => people.some((p) => p.igsid === x.id)));
    expect(ours).toHaveLength(3);
    for (const c of ours) {
      expect(c.participants.data[0]).toEqual({ id: DEMO.account.id, username: DEMO.account.username });
    }
    // Newest conversation first: person 2's history is the most recent.
    expect(ours.map((c) => c.participants.data[1]?.id)).toEqual([...people].reverse().map((p) => p.igsid));
    // The same with the `after` cursor alone (no `next` URL).
    const first = await get(`${G}/me/conversations?platform=instagram&limit=1`);
    const second = await get(
      `${G}/me/conversations?platform=instagram&limit=1&after=${first.body.paging.cursors.after}`,
    );
    expect(second.body.data[0].id).not.toBe(first.body.data[0].id);
    expect(second.body.data[0]).toEqual({ id: expect.any(String), updated_time: expect.any(String) });
  });

  it("pages a conversation's messages newest first with their fields", async () => {
    const person = people[0] as (typeof people)[number];
    const list = await get(`${G}/me/conversations?platform=instagram&user_id=${person.igsid}`);
    expect(list.body.data).toHaveLength(1);
    const conv = list.body.data[0].id as string;
    const fields = "id,created_time,from,to,message";
    const texts: string[] = [];
    let page = await get(`${G}/${conv}/messages?fields=${fields}&limit=12`);
    let pages = 0;
    for (;;) {
      expect(page.status).toBe(200);
      pages++;
      for (const m of page.body.data) {
        texts.push(m.message);
        const inbound = Number(/m(\d+)$/.exec(m.message)?.[1]) % 2 === 0;
        const them = { id: person.igsid, username: person.username };
        const us = { id: DEMO.account.id, username: DEMO.account.username };
        expect(m.from).toEqual(inbound ? them : us);
        expect(m.to).toEqual({ data: [inbound ? us : them] });
        expect(m.created_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
      }
      if (!page.body.paging.next) break;
      page = await get(page.body.paging.next);
    }
    expect(pages).toBe(3);
    expect(texts).toEqual(Array.from({ length: 30 }, (_, i) => `p0 m${29 - i}`));
    // Default fields: id and created_time only; unknown conversation: Meta's (#100).
    const bare = await get(`${G}/${conv}/messages?limit=1`);
    expect(Object.keys(bare.body.data[0]).sort()).toEqual(["created_time", "id"]);
    expect((await get(`${G}/aWdfnope/messages`)).body.error.code).toBe(100);
  });

  it("gives details only for the most recent messages when told to (the unconfirmed reading)", async () => {
    await kit.control("PUT", "/settings", { messageDetailsLimit: 20 });
    try {
      const person = people[1] as (typeof people)[number];
      const list = await get(`${G}/me/conversations?platform=instagram&user_id=${person.igsid}`);
      const conv = list.body.data[0].id as string;
      const one = await get(`${G}/${conv}/messages?fields=id,created_time,message&limit=15`);
      const two = await get(one.body.paging.next);
      expect(one.body.data.every((m: { message?: string }) => typeof m.message === "string")).toBe(true);
      // Items 16–20 still have details; 21–30 carry id and created_time only.
      expect(two.body.data.filter((m: { message?: string }) => m.message !== undefined)).toHaveLength(5);
      const old = two.body.data.at(-1) as { id: string; message?: string };
      expect(old.message).toBeUndefined();
      const refused = await get(`${G}/${old.id}?fields=id,message`);
      expect(refused.body.error).toMatchObject({ code: 100 });
      const recent = await get(`${G}/${one.body.data[0].id}?fields=id,message`);
      expect(recent.body.message).toBe("p1 m29");
    } finally {
      await kit.control("PUT", "/settings", { messageDetailsLimit: null });
    }
  });

  it("logs every call per token and, switched on, answers 613 past 2 calls in a second", async () => {
    await kit.control("DELETE", "/graph-calls");
    const path = `${G}/me/conversations?platform=instagram&limit=1`;
    // Off (the default): a burst is served and logged.
    const burst = await Promise.all([get(path), get(path), get(path)]);
    expect(burst.map((r) => r.status)).toEqual([200, 200, 200]);
    let log = await kit.control("GET", "/graph-calls");
    expect(log.body.calls).toHaveLength(3);
    expect(log.body.busiestSecond).toBe(3);
    expect(log.body.rejected).toBe(0);

    await kit.control("PUT", "/settings", { conversationsPerSecond: 2 });
    try {
      await sleep(1100);
      await kit.control("DELETE", "/graph-calls");
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await get(path));
      expect(answers.slice(0, 2).map((a) => a.status)).toEqual([200, 200]);
      expect(answers.slice(2).map((a) => a.body.error?.code)).toEqual([613, 613]);
      log = await kit.control("GET", "/graph-calls");
      expect(log.body.rejected).toBe(2);
      // Paced at one call every 600 ms, nothing is refused.
      await sleep(1100);
      const since = Date.now();
      for (let i = 0; i < 4; i++) {
        expect((await get(path)).status).toBe(200);
        await sleep(600);
      }
      log = await kit.control("GET", `/graph-calls?sinceMs=${since}`);
      expect(log.body.calls).toHaveLength(4);
      expect(log.body.rejected).toBe(0);
      expect(log.body.busiestSecond).toBeLessThanOrEqual(2);
      // Another token has its own budget.
      const other = (await connectInstagram(kit, DEMO.secondAccount.id)).longToken;
      const mine = await kit.call("GET", path, { token: other });
      expect(mine.status).toBe(200);
    } finally {
      await kit.control("PUT", "/settings", { conversationsPerSecond: null });
    }
  });
});

describe("busiestSecond", () => {
  it("counts the most calls within any 1000 ms", () => {
    expect(busiestSecond([])).toBe(0);
    expect(busiestSecond([0, 500, 999, 1000, 1999])).toBe(3);
    expect(busiestSecond([0, 1000, 2000])).toBe(1);
    expect(busiestSecond([0, 10, 20, 1500])).toBe(3);
  });
});
