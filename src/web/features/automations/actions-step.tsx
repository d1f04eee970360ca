import { Link } from "@tanstack/react-router";
import { useState } from "react";
import type { Action } from "../../../shared/automation.ts";
import { Button, buttonClass } from "../../ui/button.tsx";
import { cx } from "../../ui/cx.ts";
import { ActionEditor } from "./action-editor.tsx";
import { type AutomationForm, defaultAction, type FieldErrors } from "./form-model.ts";
import { ACTION_LABELS } from "./labels.ts";

const ADDABLE: Action["type"][] = [
  "send_text",
  "private_reply",
  "public_reply",
  "send_media",
  "delay",
  "add_tag",
  "remove_tag",
  "set_field",
  "save_lead",
  "handover",
  "ai_reply",
];

/** The actions, in order: each one's editor, and adding one of the kinds the trigger allows. */
export function ActionsStep({
  actions,
  errors,
  commentTrigger,
  onChange,
}: {
  actions: AutomationForm["actions"];
  errors: FieldErrors;
  commentTrigger: boolean;
  onChange: (actions: AutomationForm["actions"], section?: string) => void;
}) {
  const [adding, setAdding] = useState<Action["type"]>(commentTrigger ? "public_reply" : "send_text");
  const options = ADDABLE.filter((t) => commentTrigger || (t !== "private_reply" && t !== "public_reply"));
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">Actions run in this order, for each person who triggers it.</p>
      {actions.length === 0 && <p className="text-sm text-slate-500">No action yet.</p>}
      {actions.map((a, i) => (
        <ActionEditor
          key={a.uid}
          action={a}
          index={i}
          count={actions.length}
          errors={errors}
          onChange={(next) =>
            onChange(
              actions.map((x, j) => (j === i ? next : x)),
              `actions.${i}`,
            )
          }
          onMove={(d) => {
            const next = [...actions];
            const [moved] = next.splice(i, 1);
            if (moved) next.splice(i + d, 0, moved);
            onChange(next, "actions");
          }}
          onRemove={() =>
            onChange(
              actions.filter((_, j) => j !== i),
              "actions",
            )
          }
        />
      ))}
      {errors.actions && (
        <p role="alert" className="text-sm text-red-700">
          {errors.actions}
        </p>
      )}
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-sm">
          <span className="block font-medium text-slate-800">Add an action</span>
          <select
            className="mt-1 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm"
            value={adding}
            onChange={(e) => setAdding(e.target.value as Action["type"])}
          >
            {options.map((t) => (
              <option key={t} value={t}>
                {ACTION_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <Button
          variant="secondary"
          onClick={() => onChange([...actions, defaultAction(adding)], `actions.${actions.length}`)}
        >
          Add
        </Button>
      </div>
      <p className="text-xs text-slate-500">
        <Link to="/activity" className={cx(buttonClass("ghost", "sm"), "px-0")}>
          See what happened in the activity log →
        </Link>
      </p>
    </div>
  );
}
