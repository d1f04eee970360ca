import { describe, expect, it } from "vitest";
import type { ActivityRow } from "./activity-api.ts";
import { mayRetry, mergeLive, triggerLabel } from "./activity-rows.ts";

const row = (id: number, patch: Partial<ActivityRow> = {}): ActivityRow => ({
  id,
  automationId: null,
  accountId: "acc",
  personId: "p",
  personUsername: null,
  trigger: "message",
  incomingText: "hi",
  responseText: null,
  status: "pending",
  reason: null,
  metaErrorCode: null,
  metaErrorSubcode: null,
  metaErrorMessage: null,
  latencyMs: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  ...patch,
});

describe("mergeLive", () => {
  it("puts new rows on top, newest first, and applies changes to loaded ones", () => {
    const pages = [row(5), row(4), row(2)];
    const live = new Map([
      [7, row(7)],
      [6, row(6)],
      [4, row(4, { status: "success", responseText: "sent" })],
      [1, row(1, { status: "failed" })], // on a page not loaded yet
    ]);
    const merged = mergeLive(pages, live);
    expect(merged.map((r) => r.id)).toEqual([7, 6, 5, 4, 2]);
    expect(merged[3]).toMatchObject({ status: "success", responseText: "sent" });
  });
});

describe("mayRetry", () => {
  const now = Date.parse("2026-01-01T01:00:00.000Z");
  it("offers a retry for given-up work and long-stuck pending rows only", () => {
    expect(mayRetry(row(1, { status: "failed", reason: "retries_exhausted" }), now)).toBe(true);
    expect(mayRetry(row(1, { status: "failed", reason: "meta_error" }), now)).toBe(false);
    expect(mayRetry(row(1, { status: "pending" }), now)).toBe(true);
    expect(mayRetry(row(1, { status: "pending", reason: "retrying" }), now)).toBe(false);
    expect(mayRetry(row(1, { status: "pending", createdAt: "2026-01-01T00:58:00.000Z" }), now)).toBe(false);
    expect(mayRetry(row(1, { status: "skipped" }), now)).toBe(false);
  });
  it("names triggers in plain words", () => {
    expect(triggerLabel("message")).toBe("DM");
    expect(triggerLabel("something_new")).toBe("something new");
  });
});
