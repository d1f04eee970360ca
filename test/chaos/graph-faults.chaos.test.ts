import { afterAll, describe, expect, it } from "vitest";
import { type ActivityRow, allActivity, burst } from "../support/burst.ts";
import { BURST_KEYWORD, repliesByPerson, replyCount, setUpBurst } from "../support/burst-checks.ts";
import { pick, progress, report } from "./support/chaos-run.ts";
import { EmbeddedAutodm } from "./support/embedded-autodm.ts";
import { untilQuiet } from "./support/until-quiet.ts";

/**
 * Instagram misbehaving: 30 % of Graph calls fail — 10 % Meta's transient 500, 10 % its 613
 * rate limit, 10 % answered too late (the send took effect, the answer missed autodm's
 * timeout). Each DM is replied to once, or given up visibly (a failed activity row, a dead
 * letter); none twice.
 */
const PEOPLE = pick(200, 20);
const PER_PERSON = 10;
const EVENTS = PEOPLE * PER_PERSON;

describe("chaos: 30 % Graph faults from the sandbox", () => {
  let autodm: EmbeddedAutodm | undefined;
  afterAll(async () => {
    await autodm?.stop();
  });

  it(`${EVENTS} DMs through 500s, 613s and timeouts: each replied once or given up, none twice`, async () => {
    const log = progress("graph-faults");
    // A short Graph timeout, so the late answers (2 s) are timeouts to autodm.
    autodm = await EmbeddedAutodm.start({ GRAPH_TIMEOUT_MS: "1000" });
    const { api, people } = await setUpBurst(autodm.base, "gf", PEOPLE);
    await api.json("PUT", "/sandbox/control/faults", {
      errorShare: 0.1,
      rateLimitShare: 0.1,
      timeoutShare: 0.1,
      timeoutMs: 2_000,
    });
    await burst({ api, people, perPerson: PER_PERSON, keyword: BURST_KEYWORD, parallel: 25 });
    log("burst sent");
    let rows: ActivityRow[] = [];
    const settledRows = async () => {
      rows = await allActivity(api);
      return rows.filter((r) => r.status === "success" || r.status === "failed").length;
    };
    await untilQuiet(autodm.base, settledRows, EVENTS, log, pick(1_200_000, 420_000));
    const { calls } = await api.json<{ calls: number }>("GET", "/sandbox/control/faults");
    await api.json("PUT", "/sandbox/control/faults", {});
    rows = await allActivity(api);
    const received = await repliesByPerson(api);
    let doubled = 0;
    let unaccounted = 0;
    for (const p of people) {
      const mine = rows.filter((r) => r.personId === p);
      const ok = mine.filter((r) => r.status === "success").length;
      const failed = mine.filter((r) => r.status === "failed").length;
      const got = received.get(p) ?? 0;
      doubled += Math.max(0, got - ok);
      // A DM with neither a reply nor a visible failure is lost.
      unaccounted += Math.max(0, PER_PERSON - Math.max(got, ok) - failed);
    }
    const { deadLetters } = await api.json<{ deadLetters: unknown[] }>(
      "GET",
      "/api/jobs/dead-letters?job=processPerson&limit=200",
    );
    const byStatus = Object.fromEntries(
      ["success", "failed", "pending", "skipped"].map((s) => [s, rows.filter((r) => r.status === s).length]),
    );
    const reasons: Record<string, number> = {};
    for (const r of rows.filter((x) => x.status !== "success"))
      reasons[r.reason ?? "none"] = (reasons[r.reason ?? "none"] ?? 0) + 1;
    const figures = {
      dms: EVENTS,
      graphCalls: calls,
      graphCallsFaulted: Math.floor(calls * 0.3),
      replies: await replyCount(api),
      activity: byStatus,
      reasons,
      deadLetters: deadLetters.length,
      lost: unaccounted,
      doubled,
    };
    report("graph-faults", figures);
    expect({ lost: unaccounted, doubled, pending: byStatus.pending }).toEqual({
      lost: 0,
      doubled: 0,
      pending: 0,
    });
  });
});
