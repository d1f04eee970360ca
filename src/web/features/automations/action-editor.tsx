import { useId } from "react";
import { AI_PROVIDERS, TONE_PRESETS } from "../../../shared/ai-settings.ts";
import type { Action } from "../../../shared/automation.ts";
import { Button } from "../../ui/button.tsx";
import { TextField } from "../../ui/field.tsx";
import { FieldError, SelectField } from "./form-controls.tsx";
import { ACTION_LABELS, type ActionDraft, type FieldErrors } from "./form-model.ts";
import { MessageEditor, VariationsEditor } from "./message-editor.tsx";

/** One action of the list: its fields by type, and move up / down / remove. */
export function ActionEditor({
  action,
  index,
  count,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  action: ActionDraft;
  index: number;
  count: number;
  errors: FieldErrors;
  onChange: (a: ActionDraft) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}) {
  const prefix = `actions.${index}`;
  const headingId = useId();
  const title = `${index + 1}. ${ACTION_LABELS[action.type]}`;
  return (
    <section
      aria-labelledby={headingId}
      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      data-action-type={action.type}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={headingId} className="font-medium">
          {title}
        </h3>
        <div className="flex gap-1">
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Move action ${index + 1} up`}
            disabled={index === 0}
            onClick={() => onMove(-1)}
          >
            ↑
          </Button>
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Move action ${index + 1} down`}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
          >
            ↓
          </Button>
          <Button variant="ghost" size="sm" aria-label={`Remove action ${index + 1}`} onClick={onRemove}>
            Remove
          </Button>
        </div>
      </div>
      <FieldError error={errors[`${prefix}.type`] ?? errors[prefix]} />
      <div className="mt-3">
        <ActionFields action={action} prefix={prefix} errors={errors} onChange={onChange} />
      </div>
    </section>
  );
}

function ActionFields({
  action,
  prefix,
  errors,
  onChange,
}: {
  action: ActionDraft;
  prefix: string;
  errors: FieldErrors;
  onChange: (a: ActionDraft) => void;
}) {
  const set = (patch: Partial<Action>) => onChange({ ...action, ...patch } as ActionDraft);
  switch (action.type) {
    case "send_text":
    case "private_reply":
      return (
        <>
          {action.type === "private_reply" && (
            <p className="mb-3 text-xs text-slate-500">
              Instagram allows one private reply per comment, within 7 days. It lands in the person's inbox
              (or their message requests).
            </p>
          )}
          <MessageEditor
            value={action}
            errors={errors}
            prefix={prefix}
            onChange={(m) => {
              const { quickReplies: _q, buttons: _b, ...rest } = action;
              onChange({ ...rest, ...m } as ActionDraft);
            }}
          />
        </>
      );
    case "public_reply":
      return (
        <VariationsEditor
          label="Reply under the comment"
          variations={action.variations}
          errors={errors}
          prefix={prefix}
          onChange={(variations) => set({ variations })}
        />
      );
    case "send_media":
      return (
        <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
          <SelectField
            label="Media type"
            value={action.mediaType}
            error={errors[`${prefix}.mediaType`]}
            onChange={(e) => set({ mediaType: e.target.value as "image" })}
          >
            <option value="image">Image</option>
            <option value="video">Video</option>
            <option value="audio">Audio</option>
            <option value="file">File</option>
          </SelectField>
          <TextField
            label="Media URL"
            placeholder="https://"
            value={action.url}
            error={errors[`${prefix}.url`]}
            onChange={(e) => set({ url: e.target.value })}
          />
        </div>
      );
    case "add_tag":
    case "remove_tag":
      return (
        <TextField
          label="Tag"
          value={action.tag}
          error={errors[`${prefix}.tag`]}
          onChange={(e) => set({ tag: e.target.value })}
        />
      );
    case "set_field":
      return (
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField
            label="Field name"
            hint="Letters, digits and _"
            value={action.key}
            error={errors[`${prefix}.key`]}
            onChange={(e) => set({ key: e.target.value })}
          />
          <TextField
            label="Value"
            value={action.value}
            error={errors[`${prefix}.value`]}
            onChange={(e) => set({ value: e.target.value })}
          />
        </div>
      );
    case "save_lead":
      return (
        <TextField
          label="Lead source (optional)"
          placeholder="instagram_dm"
          value={action.source ?? ""}
          error={errors[`${prefix}.source`]}
          onChange={(e) => set({ source: e.target.value })}
        />
      );
    case "delay":
      return (
        <TextField
          label="Wait (seconds)"
          type="number"
          min={1}
          max={86400}
          hint="Up to 24 hours. Messages after a delay still need the 24-hour window to be open."
          value={String(action.seconds)}
          error={errors[`${prefix}.seconds`]}
          onChange={(e) => set({ seconds: e.target.value === "" ? 0 : Number(e.target.value) })}
        />
      );
    case "handover":
      return (
        <TextField
          label="Note for your team (optional)"
          value={action.note ?? ""}
          error={errors[`${prefix}.note`]}
          onChange={(e) => set({ note: e.target.value })}
        />
      );
    case "ai_reply":
      return <AiReplyFields action={action} prefix={prefix} errors={errors} onChange={onChange} />;
  }
}

type AiAction = Extract<ActionDraft, { type: "ai_reply" }>;

/**
 * The AI answer's overrides for this automation (the account's AI settings fill in the rest):
 * instructions, tone, provider and the fallback sent when the AI cannot answer.
 */
function AiReplyFields({
  action,
  prefix,
  errors,
  onChange,
}: {
  action: AiAction;
  prefix: string;
  errors: FieldErrors;
  onChange: (a: ActionDraft) => void;
}) {
  const set = (patch: Partial<AiAction>) => onChange({ ...action, ...patch });
  const without = <K extends keyof AiAction>(key: K) => {
    const { [key]: _drop, ...rest } = action;
    return rest as AiAction;
  };
  const tone = action.tone?.preset ?? "";
  return (
    <div className="space-y-3">
      <TextField
        label="Instructions (optional)"
        hint="Added to the account's AI settings for this automation."
        value={action.instructions ?? ""}
        error={errors[`${prefix}.instructions`]}
        onChange={(e) => set({ instructions: e.target.value })}
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          label="Tone"
          value={tone}
          error={errors[`${prefix}.tone`] ?? errors[`${prefix}.tone.preset`]}
          onChange={(e) => {
            const preset = e.target.value;
            if (!preset) onChange(without("tone"));
            else if (preset === "custom") set({ tone: { preset: "custom", words: "" } });
            else set({ tone: { preset: preset as (typeof TONE_PRESETS)[number] } });
          }}
        >
          <option value="">The account's tone</option>
          {TONE_PRESETS.map((t) => (
            <option key={t} value={t}>
              {t[0]?.toUpperCase()}
              {t.slice(1)}
            </option>
          ))}
          <option value="custom">In my own words…</option>
        </SelectField>
        <SelectField
          label="Provider"
          value={action.provider ?? ""}
          error={errors[`${prefix}.provider`]}
          onChange={(e) =>
            e.target.value
              ? set({ provider: e.target.value as (typeof AI_PROVIDERS)[number] })
              : onChange(without("provider"))
          }
        >
          <option value="">The account's provider</option>
          {AI_PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {p === "offline" ? "offline (answers from the FAQ)" : p}
            </option>
          ))}
        </SelectField>
      </div>
      {action.tone?.preset === "custom" && (
        <TextField
          label="Tone in your words"
          placeholder="warm, witty, a little nerdy"
          value={action.tone.words}
          error={errors[`${prefix}.tone.words`]}
          onChange={(e) => set({ tone: { preset: "custom", words: e.target.value } })}
        />
      )}
      <TextField
        label="Fallback message (optional)"
        hint="Sent when the AI cannot answer in time; the account's fallback otherwise."
        value={action.fallbackMessage ?? ""}
        error={errors[`${prefix}.fallbackMessage`]}
        onChange={(e) => set({ fallbackMessage: e.target.value })}
      />
    </div>
  );
}
