import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { DEMO, type PipelineHarness, startPipeline } from "../../../test/support/pipeline-harness.ts";

/**
 * Retry from the activity log (POST /api/activity/:id/retry) against the real pipeline: the
 * sandbox fails every Graph call until the mailbox sets the event aside (a failed row,
 * "retries_exhausted"); once Instagram is back, the retry delivers the reply exactly once and
 * the same row turns to success. Rows that are not retryable answer 409, unknown ones 404.
 */
describe.each(availableBackends())("activity retry on %s", (backendName) => {
  let backend: TestBackend;
  let h: PipelineHarness;

  const faults = (errorShare: number) =>
    h.json("PUT", `${h.sandbox}/control/faults`, { errorShare, rateLimitShare: 0, delayMs: 0 });
  const retry = (id: number | string) =>
    fetch(`${h.base}/api/activity/${id}/retry`, { method: "POST", headers: h.owner.headers() });

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    h = await startPipeline(backend);
    await h.connect();
    await h.createAutomation({
      name: "Retry me",
      trigger: { type: "dm_keyword" },
      conditions: { keywords: [{ text: "again", match: "whole_word" }] },
      actions: [{ type: "send_text", variations: ["Here it is, at last"] }],
    });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await backend?.dispose();
  });

  it("a row failed after its last try is retried once Instagram is back: one reply, row success", async () => {
    const { person } = await h.json<{ person: { igsid: string } }>("POST", `${h.sandbox}/control/people`, {
      username: `retry_${backendName.replace(/\W/g, "")}`.slice(0, 30),
    });
    await faults(1);
    await h.person(person.igsid).dm("again please");
    const failed = await h.until(
      "the failed row",
      async () =>
        (await h.activity()).find(
          (a) => a.personId === person.igsid && a.status === "failed" && a.reason === "retries_exhausted",
        ),
      40_000,
    );
    expect(await h.sent(person.igsid)).toEqual([]);

    // Still failing: the row is not yet retried by anyone else, and a second click is refused.
    await faults(0);
    const res = await retry(failed.id);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ retried: "event", activityId: failed.id });
    const again = await retry(failed.id);
    expect(again.status).toBe(409);

    // The breaker opened after the failures: the run waits for it (≤ 30 s), then sends.
    const done = await h.until(
      "the retried row to succeed",
      async () => (await h.activity()).find((a) => a.id === failed.id && a.status === "success"),
      60_000,
    );
    expect(done.responseText).toBe("Here it is, at last");
    const received = await h.sent(person.igsid);
    expect(received.map((m) => m.body.message?.text)).toEqual(["Here it is, at last"]);
    // One row for the event: the retry updated it in place.
    expect((await h.activity()).filter((a) => a.personId === person.igsid)).toHaveLength(1);
  }, 120_000);

  it("refuses rows that are not retryable (409) and unknown ones (404)", async () => {
    await faults(0);
    await h.person(DEMO.people.follower).dm("just saying hi");
    const skipped = await h.until("the skipped row", async () =>
      (await h.activity()).find((a) => a.personId === DEMO.people.follower && a.status === "skipped"),
    );
    const res = await retry(skipped.id);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("conflict");
    expect((await retry(999_999_999)).status).toBe(404);
    expect((await retry("not-a-number")).status).toBe(404);
  });
});
