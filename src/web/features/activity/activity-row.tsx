import { Fragment, useState } from "react";
import { errorMessage } from "../../lib/api-client.ts";
import { Button } from "../../ui/button.tsx";
import { Badge } from "../../ui/card.tsx";
import { useToast } from "../../ui/toast.tsx";
import { type ActivityRow, useRetryActivity } from "./activity-api.ts";
import { mayRetry, STATUS_LABELS, triggerLabel } from "./activity-rows.ts";
import { explainMetaError, explainReason } from "./explain-reason.ts";

/** One activity row, as a table row (wide screens) or a card (phones): the same facts and actions. */

const STATUS_TONE = { success: "green", failed: "red", pending: "amber", skipped: "slate" } as const;

const time = (iso: string) => {
  const d = new Date(iso);
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString() : d.toLocaleString();
};

const person = (row: ActivityRow) => (row.personUsername ? `@${row.personUsername}` : row.personId);

function useRowActions(row: ActivityRow, mayRetryRows: boolean) {
  const [open, setOpen] = useState(false);
  const retry = useRetryActivity();
  const toast = useToast();
  const reason = explainReason(row.reason);
  const metaError = explainMetaError(row.metaErrorCode, row.metaErrorSubcode, row.metaErrorMessage);
  const onRetry = async () => {
    try {
      await retry.mutateAsync(row.id);
      toast("Retrying: the result will show here");
    } catch (error) {
      toast(errorMessage(error), "error");
    }
  };
  return {
    open,
    toggle: () => setOpen((o) => !o),
    reason,
    metaError,
    hasDetail: Boolean(reason || metaError),
    canRetry: mayRetryRows && mayRetry(row),
    retrying: retry.isPending,
    onRetry,
  };
}

function StatusCell({
  row,
  r,
  detailsId,
}: {
  row: ActivityRow;
  r: ReturnType<typeof useRowActions>;
  detailsId: string;
}) {
  return (
    <>
      <Badge tone={STATUS_TONE[row.status]}>{STATUS_LABELS[row.status]}</Badge>
      {r.reason && <span className="mt-1 block text-xs text-slate-600">{r.reason.title}</span>}
      <div className="mt-1 flex flex-wrap gap-1">
        {r.hasDetail && (
          <button
            type="button"
            className="rounded text-xs text-violet-700 hover:underline"
            aria-expanded={r.open}
            aria-controls={detailsId}
            onClick={r.toggle}
          >
            {r.open ? "Hide why" : "Why?"}
          </button>
        )}
        {r.canRetry && (
          <Button size="sm" variant="secondary" busy={r.retrying} onClick={r.onRetry}>
            Retry
          </Button>
        )}
      </div>
    </>
  );
}

function Details({ r }: { r: ReturnType<typeof useRowActions> }) {
  return (
    <>
      {r.reason && <Explained title={r.reason.title} what={r.reason.what} todo={r.reason.todo} />}
      {r.metaError && <Explained title={r.metaError.title} what={r.metaError.what} todo={r.metaError.todo} />}
    </>
  );
}

function Explained({ title, what, todo }: { title: string; what: string; todo?: string | undefined }) {
  return (
    <div className="mb-2 last:mb-0">
      <p className="font-medium">{title}</p>
      <p className="text-slate-700">{what}</p>
      {todo && <p className="text-slate-700">What to do: {todo}</p>}
    </div>
  );
}

export function ActivityTableRow({
  row,
  automation,
  mayRetryRows,
}: {
  row: ActivityRow;
  automation: string | undefined;
  mayRetryRows: boolean;
}) {
  const r = useRowActions(row, mayRetryRows);
  const detailsId = `activity-${row.id}-details`;
  return (
    <Fragment>
      <tr className="border-t border-slate-100 align-top">
        <td className="px-3 py-2 font-medium break-all">{person(row)}</td>
        <td className="px-3 py-2">
          {triggerLabel(row.trigger)}
          {automation && <span className="block text-xs text-slate-500">{automation}</span>}
        </td>
        <td className="max-w-[14rem] px-3 py-2 break-words">
          {row.incomingText ?? <span className="text-slate-400">—</span>}
        </td>
        <td className="max-w-[16rem] px-3 py-2 break-words whitespace-pre-line">
          {row.responseText ?? <span className="text-slate-400">—</span>}
        </td>
        <td className="px-3 py-2">
          <StatusCell row={row} r={r} detailsId={detailsId} />
        </td>
        <td className="px-3 py-2 whitespace-nowrap text-slate-600">
          <time dateTime={row.createdAt}>{time(row.createdAt)}</time>
          {row.latencyMs !== null && row.status === "success" && (
            <span className="block text-xs text-slate-400">in {(row.latencyMs / 1000).toFixed(1)} s</span>
          )}
        </td>
      </tr>
      {r.open && r.hasDetail && (
        <tr id={detailsId} className="bg-slate-50">
          <td colSpan={6} className="px-3 py-3 text-sm">
            <Details r={r} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

export function ActivityCard({
  row,
  automation,
  mayRetryRows,
}: {
  row: ActivityRow;
  automation: string | undefined;
  mayRetryRows: boolean;
}) {
  const r = useRowActions(row, mayRetryRows);
  const detailsId = `activity-card-${row.id}-details`;
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-3 text-sm">
      <div className="flex items-start justify-between gap-2">
        <p className="min-w-0 font-medium break-all">
          {person(row)} <span className="font-normal text-slate-500">· {triggerLabel(row.trigger)}</span>
        </p>
        <time dateTime={row.createdAt} className="shrink-0 text-xs text-slate-500">
          {time(row.createdAt)}
        </time>
      </div>
      {automation && <p className="text-xs text-slate-500">{automation}</p>}
      {row.incomingText && <p className="mt-2 break-words">“{row.incomingText}”</p>}
      {row.responseText && (
        <p className="mt-1 break-words whitespace-pre-line text-slate-700">→ {row.responseText}</p>
      )}
      <div className="mt-2">
        <StatusCell row={row} r={r} detailsId={detailsId} />
      </div>
      {r.open && r.hasDetail && (
        <div id={detailsId} className="mt-2 rounded-lg bg-slate-50 p-2">
          <Details r={r} />
        </div>
      )}
    </li>
  );
}
