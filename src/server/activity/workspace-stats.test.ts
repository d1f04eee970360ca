import { describe, expect, it } from "vitest";
import { fillDays, StatsQuery, windowStart } from "./workspace-stats.ts";

describe("stats window", () => {
  it("starts at UTC midnight, days - 1 days before today", () => {
    const now = new Date("2026-03-10T15:30:00Z");
    expect(windowStart(now, 1).toISOString()).toBe("2026-03-10T00:00:00.000Z");
    expect(windowStart(now, 7).toISOString()).toBe("2026-03-04T00:00:00.000Z");
  });

  it("lists every day of the window, zero where nothing happened", () => {
    const from = new Date("2026-02-27T00:00:00Z");
    expect(fillDays(from, 4, [{ day: "2026-03-01", sent: 3, failed: 1 }])).toEqual([
      { date: "2026-02-27", sent: 0, failed: 0 },
      { date: "2026-02-28", sent: 0, failed: 0 },
      { date: "2026-03-01", sent: 3, failed: 1 },
      { date: "2026-03-02", sent: 0, failed: 0 },
    ]);
  });

  it("accepts 1 to 90 days, 14 by default", () => {
    expect(StatsQuery.parse({})).toEqual({ days: 14 });
    expect(StatsQuery.parse({ days: "90" }).days).toBe(90);
    expect(StatsQuery.safeParse({ days: "0" }).success).toBe(false);
    expect(StatsQuery.safeParse({ days: "1.5" }).success).toBe(false);
  });
});
