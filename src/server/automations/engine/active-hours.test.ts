import { describe, expect, it } from "vitest";
import type { ActiveHours } from "../../../shared/automation.ts";
import { describeLocalTime, isWithinActiveHours, localTime } from "./active-hours.ts";

const inside = (hours: ActiveHours, iso: string, tz: string) =>
  isWithinActiveHours(hours, localTime(new Date(iso), tz));
const weekdays = [1, 2, 3, 4, 5];

describe("localTime", () => {
  it("gives the weekday and time in the zone", () => {
    // 2026-03-01 is a Sunday.
    expect(describeLocalTime(localTime(new Date("2026-03-01T23:30:00Z"), "UTC"))).toBe("Sun 23:30 UTC");
    expect(describeLocalTime(localTime(new Date("2026-03-01T23:30:00Z"), "Europe/Paris"))).toBe(
      "Mon 00:30 Europe/Paris",
    );
    expect(describeLocalTime(localTime(new Date("2026-03-01T23:30:00Z"), "Asia/Kolkata"))).toBe(
      "Mon 05:00 Asia/Kolkata",
    );
    expect(describeLocalTime(localTime(new Date("2026-03-01T02:00:00Z"), "America/Los_Angeles"))).toBe(
      "Sat 18:00 America/Los_Angeles",
    );
  });
  it("follows daylight saving time", () => {
    // New York: EST (−5) before 2026-03-08, EDT (−4) after.
    expect(localTime(new Date("2026-03-06T14:00:00Z"), "America/New_York").minutes).toBe(9 * 60);
    expect(localTime(new Date("2026-03-10T14:00:00Z"), "America/New_York").minutes).toBe(10 * 60);
  });
  it("falls back to UTC for an unknown zone", () => {
    expect(localTime(new Date("2026-03-01T10:00:00Z"), "Mars/Olympus").timeZone).toBe("UTC");
  });
});

describe("isWithinActiveHours", () => {
  const office: ActiveHours = { days: weekdays, from: "09:00", to: "17:00" };
  it("a daytime range: from inclusive, to exclusive, on the listed days", () => {
    expect(inside(office, "2026-03-02T09:00:00Z", "UTC")).toBe(true); // Monday 09:00
    expect(inside(office, "2026-03-02T16:59:00Z", "UTC")).toBe(true);
    expect(inside(office, "2026-03-02T17:00:00Z", "UTC")).toBe(false);
    expect(inside(office, "2026-03-01T10:00:00Z", "UTC")).toBe(false); // Sunday
  });
  it("the same instant is inside in one zone and outside in another", () => {
    expect(inside(office, "2026-03-02T08:30:00Z", "Europe/Berlin")).toBe(true); // 09:30 Berlin
    expect(inside(office, "2026-03-02T08:30:00Z", "America/New_York")).toBe(false); // 03:30 New York
    expect(inside(office, "2026-03-02T23:30:00Z", "Asia/Tokyo")).toBe(false); // Tuesday 08:30 Tokyo
    expect(inside(office, "2026-03-03T00:30:00Z", "Asia/Tokyo")).toBe(true); // Tuesday 09:30 Tokyo
  });
  it("overnight: Friday 22:00 → Saturday 06:00 belongs to Friday", () => {
    const night: ActiveHours = { days: [5], from: "22:00", to: "06:00" };
    expect(inside(night, "2026-03-06T21:59:00Z", "UTC")).toBe(false); // Friday 21:59
    expect(inside(night, "2026-03-06T22:00:00Z", "UTC")).toBe(true);
    expect(inside(night, "2026-03-07T05:59:00Z", "UTC")).toBe(true); // Saturday 05:59
    expect(inside(night, "2026-03-07T06:00:00Z", "UTC")).toBe(false);
    expect(inside(night, "2026-03-07T23:00:00Z", "UTC")).toBe(false); // Saturday night is not listed
    expect(inside(night, "2026-03-06T02:00:00Z", "UTC")).toBe(false); // Friday early morning: Thursday's night
  });
  it("overnight across a time zone: Sunday night in Los Angeles is Monday in UTC", () => {
    const night: ActiveHours = { days: [0], from: "20:00", to: "02:00" };
    expect(inside(night, "2026-03-02T05:00:00Z", "America/Los_Angeles")).toBe(true); // Sunday 21:00 PST
    expect(inside(night, "2026-03-02T05:00:00Z", "UTC")).toBe(false); // Monday 05:00 UTC
  });
  it("from = to is the whole day", () => {
    const allDay: ActiveHours = { days: [6], from: "00:00", to: "00:00" };
    expect(inside(allDay, "2026-03-07T23:59:00Z", "UTC")).toBe(true);
    expect(inside(allDay, "2026-03-08T00:00:00Z", "UTC")).toBe(false);
  });
});
