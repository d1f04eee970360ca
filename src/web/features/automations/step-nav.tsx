import { cx } from "../../ui/cx.ts";
import type { FieldErrors } from "./form-model.ts";

/** The builder's four steps, and which error paths belong to each (for its error count). */
export const STEPS = [
  {
    id: "trigger",
    label: "Trigger",
    owns: (p: string) => p === "name" || p === "accountId" || p.startsWith("trigger"),
  },
  { id: "conditions", label: "Conditions", owns: (p: string) => p.startsWith("conditions") },
  { id: "actions", label: "Actions", owns: (p: string) => p.startsWith("actions") },
  {
    id: "options",
    label: "Options",
    owns: (p: string) => p === "priority" || p === "enabled" || p.startsWith("options") || p === "(root)",
  },
] as const;
export type StepId = (typeof STEPS)[number]["id"];

export function StepNav({
  step,
  errors,
  onStep,
}: {
  step: StepId;
  errors: FieldErrors;
  onStep: (step: StepId) => void;
}) {
  const countFor = (s: (typeof STEPS)[number]) => Object.keys(errors).filter(s.owns).length;
  return (
    <nav aria-label="Steps" className="mb-4">
      <ol className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {STEPS.map((s, i) => {
          const n = countFor(s);
          return (
            <li key={s.id}>
              <button
                type="button"
                aria-current={s.id === step ? "step" : undefined}
                onClick={() => onStep(s.id)}
                className={cx(
                  "flex w-full items-center justify-between gap-2 rounded-lg border px-3 py-2 text-left text-sm",
                  s.id === step
                    ? "border-violet-500 bg-violet-50 font-medium text-violet-900"
                    : "border-slate-200 bg-white text-slate-700 hover:border-slate-300",
                )}
              >
                <span>
                  {i + 1}. {s.label}
                </span>
                {n > 0 && (
                  <span className="rounded-full bg-red-100 px-2 text-xs text-red-800">
                    {n}
                    <span className="sr-only"> {n === 1 ? "error" : "errors"}</span>
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
