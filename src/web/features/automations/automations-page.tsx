import { Link } from "@tanstack/react-router";
import { errorMessage } from "../../lib/api-client.ts";
import { useMe } from "../../lib/use-me.ts";
import { Button, buttonClass } from "../../ui/button.tsx";
import { Badge, PageHeader } from "../../ui/card.tsx";
import { EmptyState, ErrorState, LoadingState } from "../../ui/states.tsx";
import { useToast } from "../../ui/toast.tsx";
import { type AutomationWithCounters, useAutomationMutations, useAutomations } from "./automations-api.ts";
import { TRIGGER_LABELS } from "./labels.ts";

const when = (iso: string | null) => {
  if (!iso) return "never";
  const d = new Date(iso);
  const minutes = Math.round((Date.now() - d.getTime()) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 24 * 60) return `${Math.round(minutes / 60)} h ago`;
  return d.toLocaleDateString();
};

/** /automations: every automation with its counters and last activity; empty state → templates. */
export function AutomationsPage() {
  const list = useAutomations();
  const { can } = useMe();
  const mayEdit = can("automations:write");
  return (
    <div>
      <PageHeader
        title="Automations"
        description="What autodm answers, and how often it did."
        actions={
          mayEdit ? (
            <>
              <Link to="/templates" className={buttonClass("secondary")}>
                From a template
              </Link>
              <Link to="/automations/new" search={{ template: undefined }} className={buttonClass()}>
                New automation
              </Link>
            </>
          ) : undefined
        }
      />
      {list.isLoading ? (
        <LoadingState label="Loading automations…" />
      ) : list.isError ? (
        <ErrorState error={list.error} retry={() => list.refetch()} />
      ) : list.data && list.data.length > 0 ? (
        <ul className="space-y-3" aria-label="Automations">
          {list.data.map((a) => (
            <AutomationRow key={a.id} automation={a} mayEdit={mayEdit} />
          ))}
        </ul>
      ) : (
        <EmptyState
          title="No automation yet"
          action={
            <Link to="/templates" className={buttonClass()}>
              Start from a template
            </Link>
          }
        >
          Templates set up the classics in one click: comment “LINK” to get the link by DM, a welcome message,
          a story-mention thank-you, booking, lead qualification, an FAQ bot.
        </EmptyState>
      )}
    </div>
  );
}

function AutomationRow({ automation: a, mayEdit }: { automation: AutomationWithCounters; mayEdit: boolean }) {
  const m = useAutomationMutations();
  const toast = useToast();
  const c = a.counters;
  const toggle = async () => {
    try {
      await m.setEnabled.mutateAsync({ id: a.id, enabled: !a.enabled });
      toast(a.enabled ? `“${a.name}” disabled` : `“${a.name}” enabled`);
    } catch (error) {
      toast(errorMessage(error), "error");
    }
  };
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <Link
            to="/automations/$id"
            params={{ id: a.id }}
            className="font-semibold text-slate-900 hover:text-violet-700 hover:underline"
          >
            {a.name}
          </Link>
          <p className="mt-0.5 text-sm text-slate-600">
            {TRIGGER_LABELS[a.trigger.type]}
            {a.conditions.keywords.length > 0 && (
              <> · {a.conditions.keywords.map((k) => `“${k.text}”`).join(", ")}</>
            )}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <Badge tone={a.enabled ? "green" : "slate"}>{a.enabled ? "Enabled" : "Disabled"}</Badge>
          {mayEdit && (
            <Button variant="secondary" size="sm" busy={m.setEnabled.isPending} onClick={toggle}>
              {a.enabled ? "Disable" : "Enable"}
              <span className="sr-only"> {a.name}</span>
            </Button>
          )}
        </div>
      </div>
      <dl className="mt-3 grid grid-cols-3 gap-2 text-sm sm:grid-cols-6">
        <Counter label="Runs" value={c.runs} />
        <Counter label="Succeeded" value={c.succeeded} />
        <Counter label="Failed" value={c.failed} tone={c.failed > 0 ? "text-red-700" : undefined} />
        <Counter label="DMs" value={c.dms} />
        <Counter label="Comments" value={c.comments} />
        <div>
          <dt className="text-xs text-slate-500">Last activity</dt>
          <dd className="font-medium">{when(c.lastActivityAt)}</dd>
        </div>
      </dl>
    </li>
  );
}

function Counter({ label, value, tone }: { label: string; value: number; tone?: string | undefined }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={`font-medium tabular-nums ${tone ?? ""}`}>{value}</dd>
    </div>
  );
}
