import type { ActiveHours } from "../../../shared/automation.ts";

/** Weekday (0 = Sunday) and minutes since midnight of `now` in `timeZone`. */
export interface LocalTime {
  day: number;
  minutes: number;
  timeZone: string;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** `now` in `timeZone`; an unknown zone falls back to UTC (the model rejects unknown zones). */
export function localTime(now: Date, timeZone: string): LocalTime {
  let f: Intl.DateTimeFormat;
  try {
    f = formatter(timeZone);
  } catch {
    f = formatter("UTC");
    timeZone = "UTC";
  }
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of f.formatToParts(now)) {
    if (part.type === "weekday") day = WEEKDAYS[part.value] ?? 0;
    else if (part.type === "hour") hour = Number(part.value) % 24;
    else if (part.type === "minute") minute = Number(part.value);
  }
  return { day, minutes: hour * 60 + minute, timeZone };
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(":");
  return Number(h) * 60 + Number(m);
}

/**
 * Inside the active hours? `days` are the days a range starts on: an overnight range
 * (from > to, e.g. Friday 22:00–06:00) covers Friday from 22:00 and Saturday until 06:00.
 * from = to is the whole day. `from` is inclusive, `to` exclusive.
 */
export function isWithinActiveHours(hours: ActiveHours, local: LocalTime): boolean {
  const from = toMinutes(hours.from);
  const to = toMinutes(hours.to);
  const today = hours.days.includes(local.day);
  if (from === to) return today;
  if (from < to) return today && local.minutes >= from && local.minutes < to;
  const yesterday = hours.days.includes((local.day + 6) % 7);
  return (today && local.minutes >= from) || (yesterday && local.minutes < to);
}

const DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export function describeLocalTime(local: LocalTime): string {
  const hh = String(Math.floor(local.minutes / 60)).padStart(2, "0");
  const mm = String(local.minutes % 60).padStart(2, "0");
  return `${DAY_NAMES[local.day]} ${hh}:${mm} ${local.timeZone}`;
}
