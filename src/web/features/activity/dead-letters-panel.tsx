import { useState } from "react";
import type { WorkspaceDeadLetterJob } from "../../../shared/api/activity.ts";
import { errorMessage } from "../../lib/api-client.ts";
import { Button } from "../../ui/button.tsx";
import { useToast } from "../../ui/toast.tsx";
import { useDeadLetters, useRetryDeadLetter } from "./activity-api.ts";

const JOB_LABELS: Record<WorkspaceDeadLetterJob, string> = {
  processPerson: "A person's messages",
  resumeRun: "A paused automation",
  dmSend: "A DM API send",
  sendInboxReply: "An inbox reply",
};
const labelOf = (job: string) => JOB_LABELS[job as WorkspaceDeadLetterJob] ?? job;

/** Jobs that failed their last attempt (operators): what failed, and Retry. Hidden when there are none. */
export function DeadLettersPanel() {
  const dead = useDeadLetters(true);
  const retry = useRetryDeadLetter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<string>("all");
  const all = dead.data ?? [];
  if (all.length === 0) return null;
  // Only the kinds that have dead letters are offered (an inbox reply's among them).
  const kinds = [...new Set(all.map((d) => d.job))];
  const items = kind === "all" ? all : all.filter((d) => d.job === kind);
  return (
    <section
      aria-label="Dead letters"
      className="mb-4 rounded-xl border border-amber-300 bg-amber-50 p-3 text-sm"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-amber-900">
          <strong>{all.length}</strong> background {all.length === 1 ? "job" : "jobs"} gave up after every
          retry. Fix the cause (often Instagram being down), then retry them.
        </p>
        <Button variant="secondary" size="sm" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? "Hide" : "Show"}
        </Button>
      </div>
      {open && kinds.length > 1 && (
        <label className="mt-3 flex items-center gap-2 text-slate-700">
          Kind
          <select
            className="rounded border border-slate-300 bg-white px-2 py-1"
            value={kind}
            onChange={(e) => setKind(e.target.value)}
          >
            <option value="all">All ({all.length})</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {labelOf(k)} ({all.filter((d) => d.job === k).length})
              </option>
            ))}
          </select>
        </label>
      )}
      {open && (
        <ul className="mt-3 space-y-2">
          {items.map((d) => (
            <li
              key={`${d.job}:${d.id}`}
              className="flex flex-wrap items-start justify-between gap-2 rounded-lg bg-white p-2"
            >
              <div className="min-w-0">
                <p className="font-medium">{labelOf(d.job)}</p>
                <p className="break-words text-slate-600">{d.failedReason}</p>
                <p className="text-xs text-slate-500">
                  {d.attemptsMade} tries{d.failedAt ? ` · last ${new Date(d.failedAt).toLocaleString()}` : ""}
                </p>
              </div>
              <Button
                size="sm"
                variant="secondary"
                onClick={async () => {
                  try {
                    await retry.mutateAsync({ job: d.job, id: d.id });
                    toast("Back in the queue");
                  } catch (error) {
                    toast(errorMessage(error), "error");
                  }
                }}
              >
                Retry
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
