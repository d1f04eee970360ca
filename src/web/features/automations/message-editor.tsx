import { useId } from "react";
import type { Button as MetaButton, QuickReply } from "../../../shared/automation.ts";
import { charCount, META_LIMITS, utf8Bytes } from "../../../shared/meta-limits.ts";
import { Button } from "../../ui/button.tsx";
import { inputClass } from "../../ui/field.tsx";
import { FieldError, LimitCounter } from "./form-controls.tsx";
import type { FieldErrors } from "./form-model.ts";

/**
 * A message's texts (variations, picked at random), and its quick replies or buttons, with
 * Meta's limits counted as you type: 1000 UTF-8 bytes, 13 quick replies, 3 buttons, 20-character
 * titles. Errors come from the shared schema (the same one the server applies), by field path.
 */
export interface MessageValue {
  variations: string[];
  quickReplies?: QuickReply[] | undefined;
  buttons?: MetaButton[] | undefined;
}

export function VariationsEditor({
  label,
  variations,
  onChange,
  errors,
  prefix,
}: {
  label: string;
  variations: string[];
  onChange: (variations: string[]) => void;
  errors: FieldErrors;
  prefix: string;
}) {
  const baseId = useId();
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">{label}</legend>
      <p className="text-xs text-slate-500">
        Several variations are picked at random, so identical replies do not look like spam.
      </p>
      <ol className="mt-2 space-y-3">
        {variations.map((text, i) => {
          const id = `${baseId}-${i}`;
          const error = errors[`${prefix}.variations.${i}`];
          const bytes = utf8Bytes(text);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: variations are positional, edited in place
            <li key={i}>
              <div className="flex items-center justify-between gap-2">
                <label htmlFor={id} className="text-xs font-medium text-slate-700">
                  Variation {i + 1}
                </label>
                <LimitCounter id={`${id}-count`} used={bytes} max={META_LIMITS.textBytes} unit="bytes" />
              </div>
              <div className="mt-1 flex items-start gap-2">
                <textarea
                  id={id}
                  rows={2}
                  className={inputClass}
                  value={text}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={`${id}-count${error ? ` ${id}-error` : ""}`}
                  onChange={(e) => onChange(variations.map((v, j) => (j === i ? e.target.value : v)))}
                />
                {variations.length > 1 && (
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Remove variation ${i + 1}`}
                    onClick={() => onChange(variations.filter((_, j) => j !== i))}
                  >
                    ×
                  </Button>
                )}
              </div>
              <FieldError id={`${id}-error`} error={error} />
            </li>
          );
        })}
      </ol>
      <FieldError error={errors[`${prefix}.variations`]} />
      <Button variant="secondary" size="sm" className="mt-2" onClick={() => onChange([...variations, ""])}>
        Add a variation
      </Button>
    </fieldset>
  );
}

type Extra = "none" | "quick_replies" | "buttons";

export function MessageEditor({
  value,
  onChange,
  errors,
  prefix,
}: {
  value: MessageValue;
  onChange: (value: MessageValue) => void;
  errors: FieldErrors;
  prefix: string;
}) {
  const extra: Extra =
    value.buttons !== undefined ? "buttons" : value.quickReplies !== undefined ? "quick_replies" : "none";
  const name = useId();
  const setExtra = (next: Extra) => {
    const { quickReplies: _q, buttons: _b, ...rest } = value;
    if (next === "quick_replies") onChange({ ...rest, quickReplies: [{ title: "", payload: "" }] });
    else if (next === "buttons") onChange({ ...rest, buttons: [{ type: "web_url", title: "", url: "" }] });
    else onChange(rest);
  };
  return (
    <div className="space-y-4">
      <VariationsEditor
        label="Message"
        variations={value.variations}
        onChange={(variations) => onChange({ ...value, variations })}
        errors={errors}
        prefix={prefix}
      />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Below the message</legend>
        <div className="mt-1 flex flex-wrap gap-4 text-sm">
          {(
            [
              ["none", "Nothing"],
              ["quick_replies", "Quick replies"],
              ["buttons", "Buttons"],
            ] as const
          ).map(([v, text]) => (
            <label key={v} className="inline-flex items-center gap-2">
              <input
                type="radio"
                name={name}
                className="accent-violet-600"
                checked={extra === v}
                onChange={() => setExtra(v)}
              />
              {text}
            </label>
          ))}
        </div>
      </fieldset>
      {value.quickReplies !== undefined && (
        <QuickRepliesEditor
          items={value.quickReplies}
          onChange={(quickReplies) => onChange({ ...value, quickReplies })}
          errors={errors}
          prefix={`${prefix}.quickReplies`}
        />
      )}
      {value.buttons !== undefined && (
        <ButtonsEditor
          items={value.buttons}
          onChange={(buttons) => onChange({ ...value, buttons })}
          errors={errors}
          prefix={`${prefix}.buttons`}
        />
      )}
    </div>
  );
}

function TitleInput({
  label,
  value,
  onChange,
  error,
  max,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  max: number;
}) {
  const id = useId();
  return (
    <div className="min-w-0 flex-1 basis-40">
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id} className="text-xs font-medium text-slate-700">
          {label}
        </label>
        <LimitCounter id={`${id}-count`} used={charCount(value)} max={max} unit="chars" />
      </div>
      <input
        id={id}
        className={`${inputClass} mt-1`}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-count${error ? ` ${id}-error` : ""}`}
        onChange={(e) => onChange(e.target.value)}
      />
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

function PlainInput({
  label,
  value,
  onChange,
  error,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  placeholder?: string;
}) {
  const id = useId();
  return (
    <div className="min-w-0 flex-1 basis-40">
      <label htmlFor={id} className="text-xs font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        className={`${inputClass} mt-1`}
        value={value}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

/** A payload from a title: what a follow-up "quick reply or button tap" automation listens for. */
const payloadFor = (title: string) =>
  title
    .normalize("NFKD")
    .replace(/[^\w\s]/g, "")
    .trim()
    .replace(/\s+/g, "_")
    .toUpperCase()
    .slice(0, 50);

function QuickRepliesEditor({
  items,
  onChange,
  errors,
  prefix,
}: {
  items: QuickReply[];
  onChange: (items: QuickReply[]) => void;
  errors: FieldErrors;
  prefix: string;
}) {
  const set = (i: number, q: QuickReply) => onChange(items.map((x, j) => (j === i ? q : x)));
  return (
    <fieldset className="rounded-lg border border-slate-200 p-3">
      <div className="flex items-center justify-between">
        <legend className="text-sm font-medium text-slate-800">Quick replies</legend>
        <LimitCounter used={items.length} max={META_LIMITS.quickReplies} unit="quick replies" />
      </div>
      <p className="text-xs text-slate-500">Tappable chips under the message (not shown on desktop).</p>
      <ol className="mt-2 space-y-2">
        {items.map((q, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: positional rows
          <li key={i} className="flex flex-wrap items-start gap-2 sm:flex-nowrap">
            <TitleInput
              label={`Quick reply ${i + 1} title`}
              value={q.title}
              max={META_LIMITS.quickReplyTitleChars}
              error={errors[`${prefix}.${i}.title`]}
              onChange={(title) =>
                set(i, {
                  title,
                  payload: !q.payload || q.payload === payloadFor(q.title) ? payloadFor(title) : q.payload,
                })
              }
            />
            <PlainInput
              label={`Quick reply ${i + 1} payload`}
              value={q.payload}
              error={errors[`${prefix}.${i}.payload`]}
              onChange={(payload) => set(i, { ...q, payload })}
            />
            <Button
              variant="ghost"
              size="sm"
              className="sm:mt-5"
              aria-label={`Remove quick reply ${i + 1}`}
              onClick={() => onChange(items.filter((_, j) => j !== i))}
            >
              ×
            </Button>
          </li>
        ))}
      </ol>
      <FieldError error={errors[prefix]} />
      <Button
        variant="secondary"
        size="sm"
        className="mt-2"
        onClick={() => onChange([...items, { title: "", payload: "" }])}
      >
        Add a quick reply
      </Button>
    </fieldset>
  );
}

function ButtonsEditor({
  items,
  onChange,
  errors,
  prefix,
}: {
  items: MetaButton[];
  onChange: (items: MetaButton[]) => void;
  errors: FieldErrors;
  prefix: string;
}) {
  const set = (i: number, b: MetaButton) => onChange(items.map((x, j) => (j === i ? b : x)));
  return (
    <fieldset className="rounded-lg border border-slate-200 p-3">
      <div className="flex items-center justify-between">
        <legend className="text-sm font-medium text-slate-800">Buttons</legend>
        <LimitCounter used={items.length} max={META_LIMITS.buttons} unit="buttons" />
      </div>
      <ol className="mt-2 space-y-3">
        {items.map((b, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: positional rows
          <li key={i} className="space-y-2 rounded-md bg-slate-50 p-2">
            <div className="flex flex-wrap items-start gap-2 sm:flex-nowrap">
              <div>
                <label className="text-xs font-medium text-slate-700" htmlFor={`${prefix}-${i}-type`}>
                  Button {i + 1} opens
                </label>
                <select
                  id={`${prefix}-${i}-type`}
                  className={`${inputClass} mt-1`}
                  value={b.type}
                  onChange={(e) =>
                    set(
                      i,
                      e.target.value === "web_url"
                        ? { type: "web_url", title: b.title, url: "" }
                        : { type: "postback", title: b.title, payload: payloadFor(b.title) },
                    )
                  }
                >
                  <option value="web_url">a link</option>
                  <option value="postback">a reply (payload)</option>
                </select>
              </div>
              <TitleInput
                label={`Button ${i + 1} title`}
                value={b.title}
                max={META_LIMITS.buttonTitleChars}
                error={errors[`${prefix}.${i}.title`]}
                onChange={(title) => set(i, { ...b, title })}
              />
              <Button
                variant="ghost"
                size="sm"
                className="sm:mt-5"
                aria-label={`Remove button ${i + 1}`}
                onClick={() => onChange(items.filter((_, j) => j !== i))}
              >
                ×
              </Button>
            </div>
            {b.type === "web_url" ? (
              <PlainInput
                label={`Button ${i + 1} link`}
                placeholder="https://"
                value={b.url}
                error={errors[`${prefix}.${i}.url`]}
                onChange={(url) => set(i, { ...b, url })}
              />
            ) : (
              <PlainInput
                label={`Button ${i + 1} payload`}
                value={b.payload}
                error={errors[`${prefix}.${i}.payload`]}
                onChange={(payload) => set(i, { ...b, payload })}
              />
            )}
          </li>
        ))}
      </ol>
      <FieldError error={errors[prefix]} />
      <Button
        variant="secondary"
        size="sm"
        className="mt-2"
        onClick={() => onChange([...items, { type: "web_url", title: "", url: "" }])}
      >
        Add a button
      </Button>
    </fieldset>
  );
}
