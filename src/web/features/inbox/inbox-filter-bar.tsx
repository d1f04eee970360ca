import { useEffect, useState } from "react";
import type { InstagramAccountView } from "../../../shared/api/accounts.ts";
import { cx } from "../../ui/cx.ts";
import { inputClass } from "../../ui/field.tsx";
import type { InboxFilters } from "./inbox-model.ts";

type Toggle = "unread" | "priority" | "mine" | "handedOver" | "windowOpen";
const TOGGLES: [Toggle, string][] = [
  ["unread", "Unread"],
  ["priority", "Priority"],
  ["mine", "Mine"],
  ["handedOver", "Needs a person"],
  ["windowOpen", "Window open"],
];

/** Account selector, search (names and messages) and the quick filters. */
export function InboxFilterBar({
  filters,
  onChange,
  accounts,
}: {
  filters: InboxFilters;
  onChange: (f: InboxFilters) => void;
  accounts: InstagramAccountView[];
}) {
  const [text, setText] = useState(filters.q ?? "");
  const current = filters;
  useEffect(() => {
    const t = setTimeout(() => {
      const q = text.trim() || undefined;
      if (q !== current.q) onChange({ ...current, q });
    }, 300);
    return () => clearTimeout(t);
  }, [text, current, onChange]);
  const on = (t: Toggle) => (t === "mine" ? filters.assigned === "me" : Boolean(filters[t]));
  const flip = (t: Toggle) =>
    onChange(
      t === "mine"
        ? { ...filters, assigned: filters.assigned === "me" ? undefined : "me" }
        : { ...filters, [t]: filters[t] ? undefined : true },
    );
  return (
    <div className="space-y-2">
      {accounts.length > 1 && (
        <>
          <label htmlFor="inbox-account" className="sr-only">
            Account
          </label>
          <select
            id="inbox-account"
            className={inputClass}
            value={filters.accountId ?? ""}
            onChange={(e) => onChange({ ...filters, accountId: e.target.value || undefined })}
          >
            <option value="">All accounts</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                @{a.username}
              </option>
            ))}
          </select>
        </>
      )}
      <label htmlFor="inbox-search" className="sr-only">
        Search conversations
      </label>
      <input
        id="inbox-search"
        type="search"
        className={inputClass}
        placeholder="Search names and messages"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <fieldset className="flex flex-wrap gap-1">
        <legend className="sr-only">Show only</legend>
        {TOGGLES.map(([t, label]) => (
          <button
            key={t}
            type="button"
            aria-pressed={on(t)}
            onClick={() => flip(t)}
            className={cx(
              "rounded-full border px-2.5 py-0.5 text-xs font-medium",
              on(t)
                ? "border-violet-600 bg-violet-600 text-white"
                : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
            )}
          >
            {label}
          </button>
        ))}
      </fieldset>
    </div>
  );
}
