import { type ReactNode, useId } from "react";
import { AI_PROVIDERS, TONE_PRESETS } from "../../../shared/ai-settings.ts";
import { cx } from "../../ui/cx.ts";
import { inputClass, TextField } from "../../ui/field.tsx";
import { PROVIDER_LABEL } from "./ai-api.ts";
import type { AiForm, FormErrors } from "./ai-form-model.ts";
import { FaqEditor } from "./faq-editor.tsx";
import { TextAreaField } from "./text-area-field.tsx";

const PROVIDER_HINT: Record<AiForm["provider"], string> = {
  auto: "A key of this workspace, else the server's, else offline answers from the FAQ.",
  openai: "Needs an OpenAI key (below, or on the server).",
  anthropic: "Needs an Anthropic key (below, or on the server).",
  "openai-compatible": "Needs the server's base URL (below, or on the server).",
  offline: "Answers only from the FAQ, never with a model.",
};

const TONE_LABEL: Record<AiForm["tonePreset"], string> = {
  professional: "Professional",
  friendly: "Friendly",
  playful: "Playful",
  concise: "Concise",
  luxury: "Luxury",
  custom: "Your own words",
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <h2 className="mb-4 text-lg font-semibold">{title}</h2>
      <div className="flex flex-col gap-4">{children}</div>
    </section>
  );
}

function Select({
  label,
  value,
  onChange,
  options,
  disabled,
  hint,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
  disabled: boolean;
  hint?: string;
}) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        className={cx(inputClass, "mt-1")}
        value={value}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
    </div>
  );
}

/** The fields of an account's AI settings; the page owns the state and the saving. */
export function AiSettingsForm({
  form,
  onChange,
  errors,
  readOnly,
}: {
  form: AiForm;
  onChange: (patch: Partial<AiForm>) => void;
  errors: FormErrors;
  readOnly: boolean;
}) {
  const toneName = useId();
  return (
    <div className="flex flex-col gap-6">
      <Section title="What to know">
        <TextAreaField
          label="Instructions (system prompt)"
          rows={3}
          maxLength={4000}
          value={form.systemPrompt}
          readOnly={readOnly}
          error={errors.systemPrompt}
          hint="How the assistant should behave. autodm adds its own safety rules."
          onChange={(e) => onChange({ systemPrompt: e.target.value })}
        />
        <TextAreaField
          label="About your business"
          rows={4}
          maxLength={8000}
          value={form.businessContext}
          readOnly={readOnly}
          error={errors.businessContext}
          hint="What you sell, prices, opening hours, links."
          onChange={(e) => onChange({ businessContext: e.target.value })}
        />
        <FaqEditor
          rows={form.faq}
          onChange={(faq) => onChange({ faq })}
          errors={errors}
          readOnly={readOnly}
        />
      </Section>

      <Section title="How to sound">
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Tone</legend>
          <div className="mt-2 flex flex-wrap gap-2">
            {[...TONE_PRESETS, "custom" as const].map((preset) => (
              <label
                key={preset}
                className={cx(
                  "flex cursor-pointer items-center gap-2 rounded-full border px-3 py-1.5 text-sm has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-violet-600",
                  form.tonePreset === preset
                    ? "border-violet-500 bg-violet-50 text-violet-900"
                    : "border-slate-300 bg-white text-slate-700",
                )}
              >
                <input
                  type="radio"
                  name={toneName}
                  value={preset}
                  className="accent-violet-600"
                  checked={form.tonePreset === preset}
                  disabled={readOnly}
                  onChange={() => onChange({ tonePreset: preset })}
                />
                {TONE_LABEL[preset]}
              </label>
            ))}
          </div>
        </fieldset>
        {form.tonePreset === "custom" && (
          <TextField
            label="Tone in your words"
            value={form.toneWords}
            maxLength={200}
            readOnly={readOnly}
            error={errors.toneWords}
            placeholder="warm, witty, a little nerdy"
            onChange={(e) => onChange({ toneWords: e.target.value })}
          />
        )}
        <TextField
          label="Longest reply (characters)"
          type="number"
          inputMode="numeric"
          min={40}
          max={1000}
          value={form.maxReplyLength}
          readOnly={readOnly}
          error={errors.maxReplyLength}
          hint="40 to 1000. Replies are also always cut to Instagram's limit."
          className="max-w-xs"
          onChange={(e) => onChange({ maxReplyLength: e.target.value })}
        />
      </Section>

      <Section title="Provider and model">
        <div className="grid gap-4 md:grid-cols-2">
          <Select
            label="Provider"
            value={form.provider}
            disabled={readOnly}
            onChange={(v) => onChange({ provider: v as AiForm["provider"] })}
            options={AI_PROVIDERS.map((p) => ({ value: p, label: PROVIDER_LABEL[p] ?? p }))}
            hint={PROVIDER_HINT[form.provider]}
          />
          <TextField
            label="Model (optional)"
            value={form.model}
            maxLength={100}
            readOnly={readOnly || form.provider === "offline"}
            error={errors.model}
            placeholder="gpt-4o-mini"
            hint="Empty: the key's model or the provider's default."
            onChange={(e) => onChange({ model: e.target.value })}
          />
        </div>
      </Section>

      <Section title="When a person should answer">
        <TextAreaField
          label="Hand-over phrases"
          rows={4}
          value={form.handoverPhrases}
          readOnly={readOnly}
          error={errors.handoverPhrases}
          hint="One per line. A message containing one is handed to your team (case and accents ignored)."
          onChange={(e) => onChange({ handoverPhrases: e.target.value })}
        />
        <TextAreaField
          label="Hand-over message"
          rows={2}
          value={form.handoverMessage}
          readOnly={readOnly}
          error={errors.handoverMessage}
          onChange={(e) => onChange({ handoverMessage: e.target.value })}
        />
        <TextAreaField
          label="Fallback message"
          rows={2}
          value={form.fallbackMessage}
          readOnly={readOnly}
          error={errors.fallbackMessage}
          hint="Sent when nothing in the FAQ matches well, or the model fails or is too slow."
          onChange={(e) => onChange({ fallbackMessage: e.target.value })}
        />
        <Select
          label="When the model fails"
          value={form.onFailure}
          disabled={readOnly}
          onChange={(v) => onChange({ onFailure: v as AiForm["onFailure"] })}
          options={[
            { value: "fallback", label: "Send the fallback message" },
            { value: "handover", label: "Hand over to a person" },
          ]}
        />
      </Section>
    </div>
  );
}
