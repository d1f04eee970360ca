import { MATCH_KINDS, type MatchKind } from "../../../shared/automation.ts";
import { Button } from "../../ui/button.tsx";
import { inputClass } from "../../ui/field.tsx";
import { CheckboxField, FieldError, SelectField, TextListField } from "./form-controls.tsx";
import {
  type AutomationForm,
  type FieldErrors,
  MATCH_LABELS,
  NO_TEXT_TRIGGERS,
  TEXT_TRIGGERS,
} from "./form-model.ts";

export function ConditionsStep({
  form,
  errors,
  onChange,
}: {
  form: AutomationForm;
  errors: FieldErrors;
  onChange: (patch: Partial<AutomationForm>) => void;
}) {
  const type = form.trigger.type;
  const hasText = TEXT_TRIGGERS.has(type);
  const noText = NO_TEXT_TRIGGERS.has(type);
  return (
    <div className="space-y-6">
      {hasText ? (
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Keywords</legend>
          <p className="text-xs text-slate-500">
            Case and accents do not matter.{" "}
            {type === "dm_keyword" ? "At least one keyword." : "Without keywords, any text triggers it."}
          </p>
          <ol className="mt-2 space-y-2">
            {form.keywords.map((k, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: positional rows
              <li key={i}>
                <div className="flex flex-wrap items-center gap-2 sm:flex-nowrap">
                  <label className="sr-only" htmlFor={`kw-match-${i}`}>
                    Keyword {i + 1} match
                  </label>
                  <select
                    id={`kw-match-${i}`}
                    className={`${inputClass} sm:w-48`}
                    value={k.match}
                    onChange={(e) =>
                      onChange({
                        keywords: form.keywords.map((x, j) =>
                          j === i ? { ...x, match: e.target.value as MatchKind } : x,
                        ),
                      })
                    }
                  >
                    {MATCH_KINDS.map((m) => (
                      <option key={m} value={m}>
                        {MATCH_LABELS[m]}
                      </option>
                    ))}
                  </select>
                  <label className="sr-only" htmlFor={`kw-text-${i}`}>
                    Keyword {i + 1}
                  </label>
                  <input
                    id={`kw-text-${i}`}
                    className={inputClass}
                    value={k.text}
                    aria-invalid={errors[`conditions.keywords.${i}.text`] ? true : undefined}
                    onChange={(e) =>
                      onChange({
                        keywords: form.keywords.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)),
                      })
                    }
                  />
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Remove keyword ${i + 1}`}
                    onClick={() => onChange({ keywords: form.keywords.filter((_, j) => j !== i) })}
                  >
                    ×
                  </Button>
                </div>
                <FieldError error={errors[`conditions.keywords.${i}.text`]} />
              </li>
            ))}
          </ol>
          <FieldError error={errors["conditions.keywords"]} />
          <Button
            variant="secondary"
            size="sm"
            className="mt-2"
            onClick={() => onChange({ keywords: [...form.keywords, { text: "", match: "whole_word" }] })}
          >
            Add a keyword
          </Button>
          {form.keywords.length > 1 && (
            <SelectField
              className="mt-3 max-w-xs"
              label="Several keywords"
              value={form.keywordMode}
              onChange={(e) => onChange({ keywordMode: e.target.value as "any" | "all" })}
            >
              <option value="any">Any of them</option>
              <option value="all">All of them</option>
            </SelectField>
          )}
        </fieldset>
      ) : (
        <p className="rounded-lg bg-slate-50 p-3 text-sm text-slate-600">
          This trigger has no keywords: it fires on the event itself.
        </p>
      )}
      {!noText && (
        <>
          <TextListField
            label="Exclude keywords"
            hint="Whole words: “free” excludes “is it free?” but not “freedom”."
            values={form.excludeKeywords}
            error={errors["conditions.excludeKeywords"]}
            onChange={(excludeKeywords) => onChange({ excludeKeywords })}
          />
          <CheckboxField
            label="Emoji-only messages"
            hint="Only when the message is nothing but emoji (❤️🔥)."
            checked={form.emojiOnly}
            onChange={(emojiOnly) => onChange({ emojiOnly })}
          />
        </>
      )}
      <FieldError error={errors.conditions} />
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800">Who</legend>
        <CheckboxField
          label="New contacts only"
          hint="People who never wrote to you before."
          checked={form.newContactOnly}
          onChange={(newContactOnly) => onChange({ newContactOnly })}
        />
        <CheckboxField
          label="Must follow you"
          hint="Instagram is asked whether the person follows the account."
          checked={form.mustFollow}
          onChange={(mustFollow) => onChange({ mustFollow })}
        />
        <TextListField
          label="Only people tagged"
          values={form.requireTags}
          error={errors["conditions.requireTags"]}
          onChange={(requireTags) => onChange({ requireTags })}
        />
        <TextListField
          label="Not people tagged"
          values={form.excludeTags}
          error={errors["conditions.excludeTags"]}
          onChange={(excludeTags) => onChange({ excludeTags })}
        />
      </fieldset>
    </div>
  );
}
