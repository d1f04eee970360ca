import type { TriggerType } from "../../../shared/automation.ts";
import type { InstagramAccountView } from "../../lib/api-types.ts";
import { TextField } from "../../ui/field.tsx";
import { Spinner } from "../../ui/spinner.tsx";
import { useAccountMedia } from "./automations-api.ts";
import { CheckboxField, FieldError, SelectField, TextListField } from "./form-controls.tsx";
import {
  type AutomationForm,
  type FieldErrors,
  TRIGGER_LABELS,
  type TriggerForm,
  withTriggerType,
} from "./form-model.ts";

const TRIGGER_HINTS: Record<TriggerType, string> = {
  comment_keyword: "Someone comments under your posts or reels (with a keyword, or any comment).",
  dm_keyword: "Someone sends you a DM with a keyword.",
  first_message: "The very first message a person ever sends you.",
  story_reply: "Someone replies to one of your stories.",
  story_mention: "Someone mentions your account in their story.",
  reaction: "Someone reacts to one of your messages.",
  payload: "Someone taps a quick reply or a button whose payload you choose.",
  ref: "Someone opens your ig.me link with a ref (ig.me/m/you?ref=…).",
  any_message: "Any DM no more specific automation took: a fallback.",
};

export function TriggerStep({
  form,
  errors,
  accounts,
  onChange,
}: {
  form: AutomationForm;
  errors: FieldErrors;
  accounts: InstagramAccountView[];
  onChange: (patch: Partial<AutomationForm>) => void;
}) {
  const t = form.trigger;
  const setTrigger = (patch: Partial<TriggerForm>) => onChange({ trigger: { ...t, ...patch } });
  return (
    <div className="space-y-5">
      <TextField
        label="Name"
        value={form.name}
        error={errors.name}
        placeholder="Comment LINK → link by DM"
        onChange={(e) => onChange({ name: e.target.value })}
      />
      <SelectField
        label="Account"
        value={form.accountId ?? ""}
        error={errors.accountId}
        onChange={(e) => onChange({ accountId: e.target.value || null })}
      >
        <option value="">All connected accounts</option>
        {accounts.map((a) => (
          <option key={a.id} value={a.id}>
            @{a.username}
            {a.loginType === "sandbox" ? " (sandbox)" : ""}
          </option>
        ))}
      </SelectField>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">When</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {(Object.keys(TRIGGER_LABELS) as TriggerType[]).map((type) => (
            <label
              key={type}
              className="flex cursor-pointer gap-3 rounded-lg border border-slate-200 p-3 has-[:checked]:border-violet-500 has-[:checked]:bg-violet-50"
            >
              <input
                type="radio"
                name="trigger-type"
                className="mt-1 accent-violet-600"
                checked={t.type === type}
                onChange={() => onChange(withTriggerType(form, type))}
              />
              <span>
                <span className="block text-sm font-medium">{TRIGGER_LABELS[type]}</span>
                <span className="block text-xs text-slate-500">{TRIGGER_HINTS[type]}</span>
              </span>
            </label>
          ))}
        </div>
        <FieldError error={errors["trigger.type"] ?? errors.trigger} />
      </fieldset>

      {t.type === "comment_keyword" && (
        <CommentPosts form={form} accounts={accounts} errors={errors} setTrigger={setTrigger} />
      )}
      {t.type === "story_reply" && (
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Which stories</legend>
          <ChoiceRow
            name="stories"
            value={t.stories}
            options={[
              ["any", "Any story"],
              ["chosen", "Chosen stories"],
            ]}
            onChange={(stories) => setTrigger({ stories: stories as "any" | "chosen" })}
          />
          {t.stories === "chosen" && (
            <MediaPicker
              stories
              accountId={form.accountId ?? accounts[0]?.id}
              selected={t.storyIds}
              onChange={(storyIds) => setTrigger({ storyIds })}
              error={errors["trigger.stories"]}
            />
          )}
        </fieldset>
      )}
      {t.type === "payload" && (
        <TextListField
          label="Payloads"
          hint="Exact payloads of your quick replies or buttons, e.g. WELCOME_PRICES."
          values={t.payloads}
          error={errors["trigger.payloads"]}
          onChange={(payloads) => setTrigger({ payloads })}
        />
      )}
      {t.type === "ref" && (
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Which links</legend>
          <ChoiceRow
            name="refs"
            value={t.refs}
            options={[
              ["any", "Any ig.me link"],
              ["chosen", "These refs"],
            ]}
            onChange={(refs) => setTrigger({ refs: refs as "any" | "chosen" })}
          />
          {t.refs === "chosen" && (
            <TextListField
              label="Refs"
              values={t.refList}
              error={errors["trigger.refs"]}
              onChange={(refList) => setTrigger({ refList })}
            />
          )}
        </fieldset>
      )}
    </div>
  );
}

function ChoiceRow({
  name,
  value,
  options,
  onChange,
}: {
  name: string;
  value: string;
  options: readonly (readonly [string, string])[];
  onChange: (v: string) => void;
}) {
  return (
    <div className="mt-1 mb-2 flex flex-wrap gap-4 text-sm">
      {options.map(([v, label]) => (
        <label key={v} className="inline-flex items-center gap-2">
          <input
            type="radio"
            name={name}
            className="accent-violet-600"
            checked={value === v}
            onChange={() => onChange(v)}
          />
          {label}
        </label>
      ))}
    </div>
  );
}

function CommentPosts({
  form,
  accounts,
  errors,
  setTrigger,
}: {
  form: AutomationForm;
  accounts: InstagramAccountView[];
  errors: FieldErrors;
  setTrigger: (patch: Partial<TriggerForm>) => void;
}) {
  const t = form.trigger;
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">On which posts</legend>
      <ChoiceRow
        name="posts"
        value={t.posts}
        options={[
          ["any", "Any post or reel"],
          ["chosen", "Chosen posts"],
          ["next_post", "My next post"],
        ]}
        onChange={(posts) => setTrigger({ posts: posts as TriggerForm["posts"] })}
      />
      {t.posts === "chosen" && (
        <MediaPicker
          stories={false}
          accountId={form.accountId ?? accounts[0]?.id}
          selected={t.mediaIds}
          onChange={(mediaIds) => setTrigger({ mediaIds })}
          error={errors["trigger.posts"]}
        />
      )}
      {t.posts === "next_post" && (
        <p className="text-xs text-slate-500">
          It starts with the next post you publish; until then it answers no comment.
        </p>
      )}
    </fieldset>
  );
}

const KIND_LABEL = { post: "Post", reel: "Reel", live: "Live", story: "Story" } as const;

/**
 * The account's posts and reels (or its stories) as checkboxes; ids can be typed too (or when
 * listing fails).
 */
function MediaPicker({
  accountId,
  stories,
  selected,
  onChange,
  error,
}: {
  accountId: string | undefined;
  stories: boolean;
  selected: string[];
  onChange: (ids: string[]) => void;
  error?: string | undefined;
}) {
  const media = useAccountMedia(accountId);
  const items = (media.data ?? []).filter((m) => (m.kind === "story") === stories);
  const what = stories ? "stories" : "posts";
  const toggle = (id: string, on: boolean) =>
    onChange(on ? [...selected, id] : selected.filter((x) => x !== id));
  return (
    <div className="space-y-3">
      {!accountId && <p className="text-sm text-slate-600">Connect an account to pick its {what}.</p>}
      {media.isLoading && (
        <p className="flex items-center gap-2 text-sm text-slate-500">
          <Spinner className="h-4 w-4" /> Loading {what}…
        </p>
      )}
      {media.isError && (
        <p className="text-sm text-amber-800">
          The account's {what} could not be listed; type their ids below.
        </p>
      )}
      {items.length > 0 && (
        <ul className="grid gap-2 sm:grid-cols-2" aria-label={stories ? "Stories" : "Posts"}>
          {items.map((p) => (
            <li key={p.id}>
              <CheckboxField
                label={`${KIND_LABEL[p.kind]}: ${p.caption || (p.timestamp ? new Date(p.timestamp).toLocaleString() : "(no caption)")}`}
                hint={p.id}
                checked={selected.includes(p.id)}
                onChange={(on) => toggle(p.id, on)}
              />
            </li>
          ))}
        </ul>
      )}
      <TextListField
        label={stories ? "Story ids" : "Post ids"}
        hint={items.length > 0 ? "Chosen above, or typed here." : `The media ids of the ${what}.`}
        values={selected}
        error={error}
        onChange={onChange}
      />
    </div>
  );
}
