import { describe, expect, it } from "vitest";
import type { ActionNote, RunResult } from "../automations/runner.ts";
import { GraphError } from "../instagram/graph-error.ts";
import type { OutboundRow } from "../messaging/sender.ts";
import { activityOfFinishedRun, activityOfRun, latencyMs } from "./run-activity.ts";

const sent: ActionNote = { action: "send_text", outcome: "done" };
const noError = { metaErrorCode: null, metaErrorSubcode: null, metaErrorMessage: null };

describe("activityOfRun", () => {
  it("a done run that sent something is a success, with its replies", () => {
    const result: RunResult = { status: "done", responses: ["hi", "there"], notes: [sent, sent] };
    expect(activityOfRun(result)).toEqual({
      status: "success",
      reason: null,
      responseText: "hi\nthere",
      detail: { actions: [sent, sent] },
      ...noError,
    });
  });

  it("a done run that sent nothing because an action was skipped is skipped, with that reason", () => {
    const skip: ActionNote = { action: "send_text", outcome: "skipped", reason: "window_closed" };
    const row = activityOfRun({ status: "done", responses: [], notes: [skip] });
    expect(row).toMatchObject({ status: "skipped", reason: "window_closed", responseText: null });
  });

  it("a skip after a reply keeps the row a success but says why the rest did not go", () => {
    const skip: ActionNote = { action: "private_reply", outcome: "skipped", reason: "private_reply_expired" };
    const row = activityOfRun({ status: "done", responses: ["hi"], notes: [sent, skip] });
    expect(row).toMatchObject({ status: "success", reason: "private_reply_expired" });
  });

  it("an AI note's reason is the row's reason when nothing was skipped", () => {
    const ai: ActionNote = {
      action: "ai_reply",
      outcome: "done",
      reason: "no_faq_match",
      ai: { provider: "offline", label: "offline answers", outcome: "fallback", reason: "no_faq_match" },
    };
    expect(activityOfRun({ status: "done", responses: ["sorry"], notes: [ai] })).toMatchObject({
      status: "success",
      reason: "no_faq_match",
    });
  });

  it("a failed run carries its reason and Meta's error", () => {
    const error = new GraphError("outside of allowed window", {
      httpStatus: 400,
      code: 10,
      subcode: 2534022,
    });
    const row = activityOfRun({ status: "failed", responses: [], notes: [], error, reason: "window_closed" });
    expect(row).toMatchObject({
      status: "failed",
      reason: "window_closed",
      metaErrorCode: 10,
      metaErrorSubcode: 2534022,
      metaErrorMessage: "outside of allowed window",
    });
  });

  it("a failed run without a Graph error has no Meta fields", () => {
    const row = activityOfRun({ status: "failed", responses: [], notes: [], error: null, reason: "x_y" });
    expect(row).toMatchObject({ status: "failed", reason: "x_y", ...noError });
  });

  it.each(["waiting", "parked"] as const)("a %s run is pending, the status its reason", (status) => {
    expect(activityOfRun({ status, responses: ["first"], notes: [sent] })).toMatchObject({
      status: "pending",
      reason: status,
      responseText: "first",
    });
  });
});

describe("activityOfFinishedRun", () => {
  const send = (
    status: OutboundRow["status"],
    text: string | null,
    code: number | null = null,
    subcode: number | null = null,
  ) => ({
    status,
    text,
    errorCode: code,
    errorSubcode: subcode,
    errorMessage: code ? `error ${code}` : null,
  });

  it("a done run is a success with what was sent", () => {
    const row = activityOfFinishedRun(true, [send("sent", "a"), send("sent", null), send("sent", "b")]);
    expect(row).toEqual({
      status: "success",
      reason: null,
      responseText: "a\nb",
      detail: { recovered: true },
      ...noError,
    });
  });

  it("a failed run whose send hit the closed window says window_closed", () => {
    const row = activityOfFinishedRun(false, [send("sent", "a"), send("failed", "b", 10, 2534022)]);
    expect(row).toMatchObject({
      status: "failed",
      reason: "window_closed",
      responseText: "a",
      metaErrorCode: 10,
      metaErrorSubcode: 2534022,
      metaErrorMessage: "error 10",
    });
  });

  it("any other failed send is a Meta error", () => {
    expect(activityOfFinishedRun(false, [send("failed", "b", 100, 33)])).toMatchObject({
      status: "failed",
      reason: "meta_error",
      metaErrorCode: 100,
    });
    expect(activityOfFinishedRun(false, [])).toMatchObject({
      status: "failed",
      reason: "meta_error",
      ...noError,
    });
  });
});

describe("latencyMs", () => {
  const now = 1_800_000_000_000;
  it("is the time since the event, clamped into an integer column", () => {
    expect(latencyMs(now, now - 1234.4)).toBe(1234);
    expect(latencyMs(now, now - 25 * 86_400_000)).toBe(2_147_483_647);
    expect(latencyMs(now, 0)).toBe(2_147_483_647);
    expect(latencyMs(now, now + 25 * 86_400_000)).toBe(0);
    expect(latencyMs(now, 1e20)).toBe(0);
    expect(latencyMs(now, Number.NaN)).toBeNull();
  });
});
