import { useState } from "react";
import { errorMessage } from "../../lib/api-client.ts";
import { Button } from "../../ui/button.tsx";
import { useToast } from "../../ui/toast.tsx";
import { useDeadLetters, useRetryDeadLetter } from "./activity-api.ts";

const JOB_LABELS: Record<string, string> = {
  processPerson: "A person's messages",
  resumeRun: "A paused automation",
};

/** Jobs that failed their last attempt (operators): what failed, and Retry. Hidden when there are none. */
export function DeadLettersPanel() {
  const dead = useDeadLetters(true);
  const retry = useRetryDeadLetter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const items = dead.data ?? [];
  if (items.length === 0) return null;
  return (
    <section
      aria-label="Dead letters"
      className="mb-4 rounded-xl border border-amber-300 bg-amber-50 p-3 text-sm"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-amber-900">
          <strong>{items.length}</strong> background {items.length === 1 ? "job" : "jobs"} gave up after every
          retry. Fix the cause (often Instagram being down), then retry them.
        </p>
        <Button variant="secondary" size="sm" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? "Hide" : "Show"}
        </Button>
      </div>
      {open && (
        <ul className="mt-3 space-y-2">
          {items.map((d) => (
            <li
              key={`${d.job}:${d.id}`}
              className="flex flex-wrap items-start justify-between gap-2 rounded-lg bg-white p-2"
            >
              <div className="min-w-0">
                <p className="font-medium">{JOB_LABELS[d.job] ?? d.job}</p>
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
