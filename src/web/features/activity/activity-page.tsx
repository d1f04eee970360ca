import { type ReactNode, useEffect, useMemo, useState } from "react";
import { useMe } from "../../lib/use-me.ts";
import { Button } from "../../ui/button.tsx";
import { PageHeader } from "../../ui/card.tsx";
import { cx } from "../../ui/cx.ts";
import { inputClass } from "../../ui/field.tsx";
import { EmptyState, ErrorState, LoadingState } from "../../ui/states.tsx";
import { useAccounts, useAutomations } from "../automations/automations-api.ts";
import {
  type ActivityFilters,
  type ActivityStatus,
  type StreamState,
  useActivityPages,
  useActivityStream,
} from "./activity-api.ts";
import { ActivityCard, ActivityTableRow } from "./activity-row.tsx";
import { mergeLive, STATUS_LABELS } from "./activity-rows.ts";
import { DeadLettersPanel } from "./dead-letters-panel.tsx";

const PERIODS = [
  ["", "Any time"],
  ["1h", "Last hour"],
  ["24h", "Last 24 hours"],
  ["7d", "Last 7 days"],
] as const;
const PERIOD_MS: Record<string, number> = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 };

/** /activity: what autodm did and why, live; filters; explanations; retry. */
export function ActivityPage() {
  const { can } = useMe();
  // Agents read the log but not automations or accounts: those filters are left out for them.
  const automations = useAutomations(can("automations:read"));
  const accounts = useAccounts(can("accounts:read"));
  const [status, setStatus] = useState<ActivityStatus | "">("");
  const [automationId, setAutomationId] = useState("");
  const [accountId, setAccountId] = useState("");
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const [period, setPeriod] = useState("");
  // Phones: the filters fold away behind a button, so the log comes first.
  const [showFilters, setShowFilters] = useState(false);
  // The time filter is fixed when chosen, so the query key (and the stream) stay stable.
  const [from, setFrom] = useState<string | undefined>();
  useEffect(() => {
    const t = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(t);
  }, [text]);

  const filters: ActivityFilters = useMemo(
    () => ({
      status: status || undefined,
      automationId: automationId || undefined,
      accountId: accountId || undefined,
      q: q || undefined,
      from,
    }),
    [status, automationId, accountId, q, from],
  );
  const pages = useActivityPages(filters);
  const stream = useActivityStream(filters, () => void pages.refetch());
  const rows = useMemo(
    () => mergeLive(pages.data?.pages.flatMap((p) => p.items) ?? [], stream.rows),
    [pages.data, stream.rows],
  );
  const names = useMemo(
    () => new Map((automations.data ?? []).map((a) => [a.id, a.name] as const)),
    [automations.data],
  );
  const filtered = Boolean(status || automationId || accountId || q || from);

  return (
    <div>
      <PageHeader
        title="Activity"
        description="Every message and comment autodm handled: what it answered, or why it did not."
        actions={<LiveBadge state={stream.state} />}
      />
      <Button
        variant="secondary"
        size="sm"
        className="mb-3 md:hidden"
        aria-expanded={showFilters}
        aria-controls="activity-filters"
        onClick={() => setShowFilters((v) => !v)}
      >
        {showFilters ? "Hide filters" : filtered ? "Filters (on)" : "Filters"}
      </Button>
      <form
        id="activity-filters"
        aria-label="Filters"
        className={cx(
          "mb-4 gap-3 rounded-xl border border-slate-200 bg-white p-3 sm:grid-cols-2 md:grid lg:grid-cols-5",
          showFilters ? "grid" : "hidden",
        )}
        onSubmit={(e) => e.preventDefault()}
      >
        <Filter label="Status" id="filter-status">
          <select
            id="filter-status"
            className={inputClass}
            value={status}
            onChange={(e) => setStatus(e.target.value as ActivityStatus)}
          >
            <option value="">All</option>
            {(Object.keys(STATUS_LABELS) as ActivityStatus[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </Filter>
        {can("automations:read") && (
          <Filter label="Automation" id="filter-automation">
            <select
              id="filter-automation"
              className={inputClass}
              value={automationId}
              onChange={(e) => setAutomationId(e.target.value)}
            >
              <option value="">All</option>
              {(automations.data ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </Filter>
        )}
        {can("accounts:read") && (
          <Filter label="Account" id="filter-account">
            <select
              id="filter-account"
              className={inputClass}
              value={accountId}
              onChange={(e) => setAccountId(e.target.value)}
            >
              <option value="">All</option>
              {(accounts.data ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  @{a.username}
                </option>
              ))}
            </select>
          </Filter>
        )}
        <Filter label="Search" id="filter-search">
          <input
            id="filter-search"
            className={inputClass}
            type="search"
            placeholder="Text or @username"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </Filter>
        <Filter label="Time" id="filter-time">
          <select
            id="filter-time"
            className={inputClass}
            value={period}
            onChange={(e) => {
              setPeriod(e.target.value);
              const ms = PERIOD_MS[e.target.value];
              setFrom(ms ? new Date(Date.now() - ms).toISOString() : undefined);
            }}
          >
            {PERIODS.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </Filter>
      </form>

      {can("jobs:manage") && <DeadLettersPanel />}

      {pages.isLoading ? (
        <LoadingState label="Loading activity…" />
      ) : pages.isError ? (
        <ErrorState error={pages.error} retry={() => pages.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={filtered ? "Nothing matches these filters" : "No activity yet"}>
          {filtered
            ? "Change or clear the filters."
            : "When people message or comment, each event shows up here within a second — try it from the test phone."}
        </EmptyState>
      ) : (
        <>
          <div className="hidden overflow-x-auto rounded-xl border border-slate-200 bg-white md:block">
            <table className="w-full min-w-[760px] text-left text-sm" aria-label="Activity">
              <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Person
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Trigger
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Message
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Response
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Status
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Time
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <ActivityTableRow
                    key={row.id}
                    row={row}
                    automation={row.automationId ? names.get(row.automationId) : undefined}
                    mayRetryRows={can("automations:write")}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <ul aria-label="Activity (compact)" className="space-y-2 md:hidden">
            {rows.map((row) => (
              <ActivityCard
                key={row.id}
                row={row}
                automation={row.automationId ? names.get(row.automationId) : undefined}
                mayRetryRows={can("automations:write")}
              />
            ))}
          </ul>
          {pages.hasNextPage && (
            <div className="mt-3 flex justify-center">
              <Button
                variant="secondary"
                busy={pages.isFetchingNextPage}
                onClick={() => pages.fetchNextPage()}
              >
                Load more
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function Filter({ label, id, children }: { label: string; id: string; children: ReactNode }) {
  return (
    <div className="text-sm">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
    </div>
  );
}

function LiveBadge({ state }: { state: StreamState }) {
  return (
    <span role="status" className="inline-flex items-center gap-2 text-sm text-slate-600">
      <span
        aria-hidden
        className={cx(
          "h-2.5 w-2.5 rounded-full",
          state === "live" ? "bg-emerald-500" : state === "connecting" ? "bg-slate-300" : "bg-amber-500",
        )}
      />
      {state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Reconnecting…"}
    </span>
  );
}
