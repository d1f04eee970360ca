import { TextField } from "../../ui/field.tsx";
import { CheckboxField, FieldError } from "./form-controls.tsx";
import type { AutomationForm, FieldErrors } from "./form-model.ts";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** The browser's IANA time zones, as suggestions (older browsers: none, the field stays free text). */
function timeZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.("timeZone") ?? [];
}

export function OptionsStep({
  form,
  errors,
  onChange,
}: {
  form: AutomationForm;
  errors: FieldErrors;
  onChange: (patch: Partial<AutomationForm>) => void;
}) {
  const hours = form.activeHours;
  const setHours = (patch: Partial<AutomationForm["activeHours"]>) =>
    onChange({ activeHours: { ...hours, ...patch } });
  return (
    <div className="space-y-5">
      <TextField
        label="Priority"
        type="number"
        min={-1000}
        max={1000}
        hint="When several automations match equally well, the higher priority answers (one per event)."
        value={form.priority}
        error={errors.priority}
        onChange={(e) => onChange({ priority: e.target.value })}
      />
      <CheckboxField
        label="Once per person"
        hint="For comment triggers: once per person and post."
        checked={form.oncePerPerson}
        onChange={(oncePerPerson) => onChange({ oncePerPerson })}
      />
      <TextField
        label="Reply delay (seconds)"
        type="number"
        min={0}
        max={3600}
        hint="Wait before the first action, so the answer feels less instant."
        value={form.replyDelaySeconds}
        error={errors["options.replyDelaySeconds"]}
        onChange={(e) => onChange({ replyDelaySeconds: e.target.value })}
      />
      <div className="space-y-3">
        <CheckboxField
          label="Active hours only"
          hint="Outside them the automation stays silent (the activity log says why)."
          checked={form.activeHoursOn}
          onChange={(activeHoursOn) => onChange({ activeHoursOn })}
        />
        {form.activeHoursOn && (
          <div className="space-y-3 rounded-lg border border-slate-200 p-3">
            <fieldset>
              <legend className="text-sm font-medium text-slate-800">Days</legend>
              <div className="mt-1 flex flex-wrap gap-3">
                {DAYS.map((d, i) => (
                  <label key={d} className="inline-flex items-center gap-1.5 text-sm">
                    <input
                      type="checkbox"
                      className="accent-violet-600"
                      checked={hours.days.includes(i)}
                      onChange={(e) =>
                        setHours({
                          days: e.target.checked ? [...hours.days, i] : hours.days.filter((x) => x !== i),
                        })
                      }
                    />
                    {d}
                  </label>
                ))}
              </div>
              <FieldError error={errors["options.activeHours.days"]} />
            </fieldset>
            <div className="grid gap-3 sm:grid-cols-3">
              <TextField
                label="From"
                type="time"
                value={hours.from}
                error={errors["options.activeHours.from"]}
                onChange={(e) => setHours({ from: e.target.value })}
              />
              <TextField
                label="To"
                type="time"
                value={hours.to}
                error={errors["options.activeHours.to"]}
                onChange={(e) => setHours({ to: e.target.value })}
              />
              <TextField
                label="Time zone"
                placeholder="Workspace default"
                hint="e.g. Europe/Paris"
                list="time-zones"
                autoComplete="off"
                value={hours.timeZone}
                error={errors["options.activeHours.timeZone"]}
                onChange={(e) => setHours({ timeZone: e.target.value })}
              />
            </div>
            <datalist id="time-zones">
              {timeZones().map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </div>
        )}
      </div>
    </div>
  );
}
