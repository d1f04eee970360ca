import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { explainMetaError, explainReason, KNOWN_REASONS } from "./explain-reason.ts";

const read = (path: string) => readFileSync(new URL(`../../../../${path}`, import.meta.url), "utf8");

/**
 * Every reason the server writes into an activity row, read from the server's source so a new
 * code cannot appear without an explanation: the engine's MissCode union, and the quoted codes
 * on the lines that set a reason in the pipeline and the runner (plus `skip("…")` calls).
 */
function serverReasonCodes(): Set<string> {
  const codes = new Set<string>();
  const decision = read("src/server/automations/engine/decision.ts");
  const union = decision.match(/export type MissCode =([^;]+);/)?.[1] ?? "";
  for (const m of union.matchAll(/"([a-z_]+)"/g)) codes.add(m[1] as string);
  for (const file of [
    "src/server/worker/event-handler.ts",
    "src/server/worker/run-activity.ts",
    "src/server/activity/activity-log.ts",
    "src/server/automations/runner.ts",
    "src/server/worker/resume-run.ts",
    "src/server/activity/activity-retry.ts",
  ]) {
    const lines = read(file).split("\n");
    lines.forEach((line, i) => {
      for (const m of line.matchAll(/skip\("([a-z_]+)"\)/g)) codes.add(m[1] as string);
      // A reason set over several lines (a ternary) follows `reason:` within a few lines.
      const context = lines.slice(Math.max(0, i - 4), i + 1).join("\n");
      if (!/reason/.test(context)) return;
      for (const m of line.matchAll(/"([a-z]+_[a-z_]+)"/g)) codes.add(m[1] as string);
    });
  }
  // AI replies: the model's failures and the reply service's outcomes reach the row's reason.
  const model = read("src/server/ai/model-client.ts");
  const failures = model.match(/export type ModelFailure =([^;]+);/)?.[1] ?? "";
  for (const m of failures.matchAll(/"([a-z_]+)"/g)) codes.add(m[1] as string);
  for (const line of read("src/server/ai/ai-reply-service.ts").split("\n")) {
    if (!/reason/.test(line)) continue;
    for (const m of line.matchAll(/["`]([a-z]+_[a-z_]+)["`]/g)) codes.add(m[1] as string);
  }
  // The run's status becomes the reason of a pending row.
  codes.add("waiting");
  codes.add("parked");
  return codes;
}

describe("explainReason", () => {
  it("explains every reason code the server writes", () => {
    const codes = serverReasonCodes();
    expect(codes.size).toBeGreaterThan(25);
    const notReasons = new Set(["private_reply", "public_reply", "send_text", "send_media"]);
    const missing = [...codes].filter((c) => !notReasons.has(c) && !KNOWN_REASONS.includes(c));
    expect(missing).toEqual([]);
  });

  it("says what to do where something can be done", () => {
    expect(explainReason("window_closed")).toMatchObject({
      title: "24-hour window closed",
      todo: expect.stringMatching(/private reply/),
    });
    expect(explainReason("reconnect_needed")?.todo).toMatch(/Reconnect/);
    expect(explainReason(null)).toBeNull();
    expect(explainReason("something_new")).toMatchObject({ title: "something new" });
  });
});

describe("explainMetaError", () => {
  it("covers the codes that decide behaviour", () => {
    expect(explainMetaError(10, 2534022)?.title).toMatch(/24-hour window/);
    expect(explainMetaError(190, 463, "Session has expired")).toMatchObject({
      title: "Token expired or revoked (190/463)",
      what: expect.stringContaining("Session has expired"),
      todo: expect.stringMatching(/Reconnect/),
    });
    expect(explainMetaError(613)?.title).toMatch(/Rate limited/);
    expect(explainMetaError(2)?.title).toMatch(/Temporary/);
    expect(explainMetaError(100, 2534014)?.title).toMatch(/No such person/);
    expect(explainMetaError(368)?.title).toMatch(/blocked/);
    expect(explainMetaError(551)?.title).toMatch(/not receiving/);
    expect(explainMetaError(230)?.title).toMatch(/Permission/);
    expect(explainMetaError(null, null, "timeout")).toEqual({ title: "Error", what: "timeout" });
    expect(explainMetaError(null)).toBeNull();
  });
});
