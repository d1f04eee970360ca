import { describe, expect, it } from "vitest";
import { readUsageHeaders } from "./graph-usage.ts";

describe("usage headers", () => {
  it("takes the highest percentage of both headers and the time to regain access", () => {
    const headers = new Headers({
      "x-app-usage": JSON.stringify({ call_count: 28, total_time: 25, total_cputime: 25 }),
      "x-business-use-case-usage": JSON.stringify({
        "17841400000000001": [
          {
            type: "instagram",
            call_count: 91,
            total_cputime: 10,
            total_time: 12,
            estimated_time_to_regain_access: 3,
          },
        ],
      }),
    });
    expect(readUsageHeaders(headers)).toEqual({ maxPercent: 91, regainAccessMinutes: 3 });
  });

  it("ignores absent or malformed headers", () => {
    expect(readUsageHeaders(new Headers())).toEqual({ maxPercent: 0, regainAccessMinutes: 0 });
    expect(readUsageHeaders(new Headers({ "x-app-usage": "{not json" }))).toEqual({
      maxPercent: 0,
      regainAccessMinutes: 0,
    });
  });
});
