import { setTimeout as sleep } from "node:timers/promises";
import { expect } from "vitest";
import {
  type ActivityRow,
  type Api,
  allActivity,
  authenticate,
  connectSandbox,
  createPeople,
  queueDepth,
  sentMessages,
} from "./burst.ts";

/**
 * The burst tests' shared shape (the crash test and the chaos suite): a workspace with the
 * sandbox connected and one keyword automation, people who DM it, and the checks that every
 * DM got exactly one reply and one settled activity row.
 */
export const BURST_KEYWORD = "burst";
export const BURST_REPLY = "Thanks! Here is the link: https://example.org/burst";

export interface BurstWorld {
  api: Api;
  people: string[];
}

export async function setUpBurst(base: string, label: string, people: number): Promise<BurstWorld> {
  const api = await authenticate(base);
  await connectSandbox(api);
  // The sandbox's default Send API limit (100/s) would park runs for a minute; not the subject here.
  await api.json("PUT", "/sandbox/control/settings", { sendsPerSecond: 100_000 });
  await api.json("POST", "/api/automations", {
    version: 1,
    name: "Burst keyword",
    trigger: { type: "dm_keyword" },
    conditions: { keywords: [{ text: BURST_KEYWORD, match: "contains" }] },
    actions: [{ type: "send_text", variations: [BURST_REPLY] }],
  });
  return { api, people: await createPeople(api, people, label) };
}

export async function replyCount(api: Api): Promise<number> {
  return (await sentMessages(api)).length;
}

/** Jobs that would still change the outcome: people's mailboxes and parked runs. */
export async function jobsLeft(base: string): Promise<number> {
  const depth = await queueDepth(base);
  return ["processPerson", "resumeRun"]
    .map((job) => {
      const s = depth[job] ?? {};
      return (s.waiting ?? 0) + (s.active ?? 0) + (s.delayed ?? 0);
    })
    .reduce((a, b) => a + b, 0);
}

/**
 * Everything handled: at least `events` settled rows and no job left to run. Throws with how
 * far it got (so a waitFor timeout says it).
 */
export async function settledActivity(
  api: Api,
  events: number,
  mark: (what: string) => void = () => {},
): Promise<ActivityRow[]> {
  await sleep(2_000); // a light probe: the database is busy enough with the burst
  const left = await jobsLeft(api.base);
  if (left > 0) {
    mark(`jobs left ${left}`);
    throw new Error(`jobs left: ${left}`);
  }
  const rows = await allActivity(api);
  const pending = rows.filter((r) => r.status === "pending").length;
  const state = `${rows.length} rows (${pending} pending), ${await replyCount(api)} replies`;
  mark(state);
  if (rows.length < events || pending > 0) throw new Error(state);
  return rows;
}

/** Replies per person, as the sandbox (Instagram's side) recorded them. */
export async function repliesByPerson(api: Api): Promise<Map<string, number>> {
  const received = new Map<string, number>();
  for (const m of await sentMessages(api)) received.set(m.personId, (received.get(m.personId) ?? 0) + 1);
  return received;
}

export interface BurstFigures {
  dms: number;
  replies: number;
  lost: number;
  doubled: number;
}

/** Lost and doubled replies, person by person (a loss and a double never cancel out). */
export function countLostAndDoubled(
  expected: (person: string) => number,
  people: string[],
  received: Map<string, number>,
): BurstFigures {
  const figures: BurstFigures = { dms: 0, replies: 0, lost: 0, doubled: 0 };
  for (const p of people) {
    const want = expected(p);
    const got = received.get(p) ?? 0;
    figures.dms += want;
    figures.replies += got;
    figures.lost += Math.max(0, want - got);
    figures.doubled += Math.max(0, got - want);
  }
  return figures;
}

/**
 * Each person sent `perPerson` DMs "<keyword> <i>": each got exactly one reply per DM, and
 * the activity log has exactly one successful row per event, in each person's order.
 */
export async function expectExactlyOnce(
  api: Api,
  people: string[],
  perPerson: number,
  rows: ActivityRow[],
): Promise<BurstFigures> {
  for (const m of await sentMessages(api)) expect(m.body.message?.text).toBe(BURST_REPLY);
  const figures = countLostAndDoubled(() => perPerson, people, await repliesByPerson(api));
  expect({ lost: figures.lost, doubled: figures.doubled }, "replies lost / sent twice").toEqual({
    lost: 0,
    doubled: 0,
  });

  const events = people.length * perPerson;
  expect(rows).toHaveLength(events);
  expect(new Set(rows.map((r) => r.eventId)).size).toBe(events);
  expect(rows.filter((r) => r.status !== "success")).toEqual([]);
  for (const p of people) {
    // One row per message, handled in the order the messages arrived (their event ids). That is
    // the order the person wrote them, except where the webhook sender redelivered an earlier
    // message after a later one — as Meta may after an outage, and the sandbox does when the
    // delivery it had leased to a killed process is retried after the lease (15 s).
    const mine = rows.filter((r) => r.personId === p).sort((a, b) => a.id - b.id);
    expect(mine.map((r) => r.eventId)).toEqual(mine.map((r) => r.eventId).sort((a, b) => a - b));
    expect(mine.map((r) => r.incomingText).sort()).toEqual(
      Array.from({ length: perPerson }, (_, i) => `${BURST_KEYWORD} ${i}`).sort(),
    );
  }
  return figures;
}
