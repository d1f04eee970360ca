import { MAX_FAQ_ENTRIES } from "../../../shared/ai-settings.ts";
import { Button } from "../../ui/button.tsx";
import { type FaqRow, type FormErrors, faqRow } from "./ai-form-model.ts";
import { TextAreaField } from "./text-area-field.tsx";

/** Question → answer rows: what offline answers search, and what a model is given as facts. */
export function FaqEditor({
  rows,
  onChange,
  errors,
  readOnly,
}: {
  rows: FaqRow[];
  onChange: (rows: FaqRow[]) => void;
  errors: FormErrors;
  readOnly: boolean;
}) {
  const update = (key: string, patch: Partial<FaqRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">FAQ</legend>
      <p className="text-xs text-slate-500">
        Questions people ask, with your answers. Offline answers reply with the closest one; a model uses them
        as facts.
      </p>
      {rows.length === 0 ? (
        <p className="mt-3 rounded-lg border border-dashed border-slate-300 p-4 text-center text-sm text-slate-600">
          No question yet. Add the ones you answer most often.
        </p>
      ) : (
        <ol aria-label="FAQ entries" className="mt-3 flex flex-col gap-3">
          {rows.map((row, i) => (
            <li key={row.key} className="rounded-lg border border-slate-200 p-3">
              <div className="grid gap-3 md:grid-cols-2">
                <TextAreaField
                  label={`Question ${i + 1}`}
                  rows={2}
                  value={row.question}
                  readOnly={readOnly}
                  maxLength={300}
                  error={errors[`faq.${i}.question`]}
                  onChange={(e) => update(row.key, { question: e.target.value })}
                />
                <TextAreaField
                  label={`Answer ${i + 1}`}
                  rows={2}
                  value={row.answer}
                  readOnly={readOnly}
                  error={errors[`faq.${i}.answer`]}
                  onChange={(e) => update(row.key, { answer: e.target.value })}
                />
              </div>
              {!readOnly && (
                <div className="mt-2 flex justify-end">
                  <Button
                    variant="ghost"
                    size="sm"
                    className="text-red-700"
                    onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
                  >
                    Remove<span className="sr-only"> question {i + 1}</span>
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {!readOnly && (
        <Button
          variant="secondary"
          size="sm"
          className="mt-3"
          disabled={rows.length >= MAX_FAQ_ENTRIES}
          onClick={() => onChange([...rows, faqRow()])}
        >
          Add a question
        </Button>
      )}
    </fieldset>
  );
}
