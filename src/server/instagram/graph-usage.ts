/**
 * Meta's usage headers (META_PLATFORM.md §4), read on every answer so the sender can slow
 * down before Meta starts refusing. Values are percentages of the allowance.
 */
export interface GraphUsage {
  /** The highest of call_count / total_time / total_cputime over both headers, 0–100+. */
  maxPercent: number;
  /** From X-Business-Use-Case-Usage, when Meta says how long until access returns. */
  regainAccessMinutes: number;
}

type UsageNumbers = { call_count?: number; total_time?: number; total_cputime?: number };

function percentOf(u: UsageNumbers): number {
  return Math.max(u.call_count ?? 0, u.total_time ?? 0, u.total_cputime ?? 0);
}

function parseJson(value: string | null): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined; // a malformed header must never fail the call it came with
  }
}

export function readUsageHeaders(headers: Headers): GraphUsage {
  let maxPercent = 0;
  let regainAccessMinutes = 0;
  const app = parseJson(headers.get("x-app-usage"));
  if (app && typeof app === "object") maxPercent = percentOf(app as UsageNumbers);
  const buc = parseJson(headers.get("x-business-use-case-usage"));
  if (buc && typeof buc === "object") {
    for (const entries of Object.values(buc as Record<string, unknown>)) {
      if (!Array.isArray(entries)) continue;
      for (const entry of entries as (UsageNumbers & { estimated_time_to_regain_access?: number })[]) {
        maxPercent = Math.max(maxPercent, percentOf(entry));
        regainAccessMinutes = Math.max(regainAccessMinutes, entry.estimated_time_to_regain_access ?? 0);
      }
    }
  }
  return { maxPercent, regainAccessMinutes };
}
