import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { lazy, Suspense, useId, useState } from "react";
import { queries, type Stats } from "../../lib/dashboard-queries.ts";
import { useMe } from "../../lib/use-me.ts";
import { buttonClass } from "../../ui/button.tsx";
import { Card, PageHeader } from "../../ui/card.tsx";
import { EmptyState, ErrorState, LoadingState } from "../../ui/states.tsx";
import { OnboardingChecklist } from "./onboarding-checklist.tsx";

const MessagesChart = lazy(() => import("./messages-chart.tsx"));
const RANGES = [7, 14, 30, 90] as const;

function StatCard({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card className="p-4">
      <p className="text-sm text-slate-600">{label}</p>
      <p className="mt-1 text-2xl font-bold tabular-nums">{value}</p>
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
    </Card>
  );
}

function StatCards({ stats }: { stats: Stats }) {
  const { sent, failed, pending } = stats.messages;
  const rate = stats.successRate === null ? "—" : `${Math.round(stats.successRate * 1000) / 10}%`;
  return (
    <section aria-label="Totals" className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <StatCard label="Sent" value={sent.toLocaleString()} hint="DMs and replies delivered" />
      <StatCard label="Failed" value={failed.toLocaleString()} hint="Refused by Instagram" />
      <StatCard label="Pending" value={pending.toLocaleString()} hint="Being sent right now" />
      <StatCard
        label="Success rate"
        value={rate}
        hint={`${stats.events.skipped} events no automation took`}
      />
    </section>
  );
}

function TopAutomations({ stats }: { stats: Stats }) {
  const { can } = useMe();
  if (stats.topAutomations.length === 0) {
    return (
      <EmptyState
        title="No automation has run yet"
        action={
          can("automations:write") ? (
            <Link to="/templates" className={buttonClass("secondary", "sm")}>
              Start from a template
            </Link>
          ) : undefined
        }
      >
        When people comment or write, the automations that answered them are ranked here.
      </EmptyState>
    );
  }
  return (
    <ol className="divide-y divide-slate-100">
      {stats.topAutomations.map((a) => (
        <li key={a.id} className="flex items-center justify-between gap-3 py-2.5">
          <Link
            to="/automations/$id"
            params={{ id: a.id }}
            className="min-w-0 truncate font-medium text-violet-700 hover:underline"
          >
            {a.name}
          </Link>
          <span className="shrink-0 text-sm tabular-nums text-slate-600">
            {a.success} ok{a.failed > 0 && <span className="text-red-700"> · {a.failed} failed</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}

export function HomePage() {
  const [days, setDays] = useState<number>(14);
  const rangeId = useId();
  const stats = useQuery({
    ...queries.stats(days),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const { me, can } = useMe();
  return (
    <>
      <PageHeader
        title={me?.user?.name ? `Hello, ${me.user.name.split(" ")[0]}` : "Home"}
        description="What autodm did for you, and what to do next."
        actions={
          <div className="flex items-center gap-2">
            <label htmlFor={rangeId} className="text-sm text-slate-600">
              Period
            </label>
            <select
              id={rangeId}
              value={days}
              onChange={(e) => setDays(Number(e.target.value))}
              className="rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm"
            >
              {RANGES.map((d) => (
                <option key={d} value={d}>
                  Last {d} days
                </option>
              ))}
            </select>
          </div>
        }
      />
      {/* The first steps are for the people who set autodm up, not for viewers. */}
      {can("automations:write") && <OnboardingChecklist />}
      {stats.isPending ? (
        <LoadingState label="Loading stats…" />
      ) : stats.isError ? (
        <ErrorState error={stats.error} retry={() => stats.refetch()} />
      ) : (
        <div className="flex flex-col gap-6">
          <StatCards stats={stats.data} />
          <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
            <Card>
              <h2 className="font-semibold">Messages per day</h2>
              <p className="text-xs text-slate-500">Days in UTC</p>
              <div className="mt-3 min-h-[260px]">
                {stats.data.perDay.every((d) => d.sent === 0 && d.failed === 0) ? (
                  <EmptyState title="Nothing sent in this period">
                    Messages autodm sends appear here, day by day.
                  </EmptyState>
                ) : (
                  <Suspense fallback={<LoadingState label="Loading the chart…" />}>
                    <MessagesChart perDay={stats.data.perDay} />
                  </Suspense>
                )}
              </div>
            </Card>
            <Card>
              <h2 className="mb-2 font-semibold">Top automations</h2>
              <TopAutomations stats={stats.data} />
            </Card>
          </div>
        </div>
      )}
    </>
  );
}
