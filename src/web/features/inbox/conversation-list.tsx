import type { Conversation } from "../../../shared/api/inbox.ts";
import { Badge } from "../../ui/card.tsx";
import { cx } from "../../ui/cx.ts";
import { windowBadge } from "./inbox-model.ts";

/** The inbox's rows: avatar, name, @username, preview, time, unread, priority, lead, assignee, window. */
export function ConversationList({
  items,
  selectedId,
  now,
  memberName,
  onSelect,
}: {
  items: Conversation[];
  selectedId: string | undefined;
  now: number;
  memberName: (userId: string) => string | undefined;
  onSelect: (id: string) => void;
}) {
  return (
    <ul aria-label="Conversations" className="divide-y divide-slate-100">
      {items.map((c) => (
        <li key={c.id}>
          <ConversationRow
            c={c}
            selected={c.id === selectedId}
            now={now}
            assignee={c.assigneeId ? memberName(c.assigneeId) : undefined}
            onSelect={() => onSelect(c.id)}
          />
        </li>
      ))}
    </ul>
  );
}

export function displayName(c: Conversation): string {
  return (
    c.person.name ?? (c.person.username ? `@${c.person.username}` : `Person ${c.person.igsid.slice(-6)}`)
  );
}

function Avatar({ c }: { c: Conversation }) {
  const initial = (c.person.name ?? c.person.username ?? "?").replace(/^@/, "").charAt(0).toUpperCase();
  return (
    <span
      aria-hidden
      className="grid h-10 w-10 shrink-0 place-items-center rounded-full bg-gradient-to-br from-violet-200 to-fuchsia-200 font-semibold text-violet-900"
    >
      {initial}
    </span>
  );
}

function shortTime(iso: string, now: number): string {
  const at = new Date(iso);
  if (now - at.getTime() < 86_400_000 && new Date(now).toDateString() === at.toDateString())
    return at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return at.toLocaleDateString([], { month: "short", day: "numeric" });
}

function ConversationRow({
  c,
  selected,
  now,
  assignee,
  onSelect,
}: {
  c: Conversation;
  selected: boolean;
  now: number;
  assignee: string | undefined;
  onSelect: () => void;
}) {
  const window = windowBadge(c, now);
  return (
    <button
      type="button"
      onClick={onSelect}
      aria-current={selected || undefined}
      aria-label={`${displayName(c)}${c.unreadCount ? `, ${c.unreadCount} unread` : ""}`}
      className={cx(
        "flex w-full gap-3 px-3 py-3 text-left hover:bg-slate-50",
        selected && "bg-violet-50 hover:bg-violet-50",
      )}
    >
      <Avatar c={c} />
      <span className="min-w-0 flex-1">
        <span className="flex items-center gap-1">
          <span className={cx("truncate text-sm", c.unreadCount ? "font-semibold" : "font-medium")}>
            {displayName(c)}
          </span>
          {c.priority && (
            <span role="img" aria-label="Priority" className="text-amber-500">
              ★
            </span>
          )}
          <span className="ml-auto shrink-0 text-xs text-slate-500">{shortTime(c.lastMessageAt, now)}</span>
        </span>
        {c.person.name && c.person.username && (
          <span className="block truncate text-xs text-slate-500">@{c.person.username}</span>
        )}
        <span className="mt-0.5 flex items-center gap-2">
          <span className={cx("truncate text-sm", c.unreadCount ? "text-slate-900" : "text-slate-600")}>
            {c.lastDirection === "out" && <span className="text-slate-400">You: </span>}
            {c.preview ?? "—"}
          </span>
          {c.unreadCount > 0 && (
            <span className="ml-auto grid h-5 min-w-5 shrink-0 place-items-center rounded-full bg-violet-600 px-1.5 text-xs font-semibold text-white">
              {c.unreadCount}
            </span>
          )}
        </span>
        <span className="mt-1 flex flex-wrap items-center gap-1">
          <Badge tone={window.tone}>{window.label}</Badge>
          {c.isLead && <Badge tone="violet">Lead</Badge>}
          {c.bot.state === "handed_over" && <Badge tone="amber">Needs a person</Badge>}
          {c.bot.state === "paused" && <Badge>Bot paused</Badge>}
          {assignee && <span className="truncate text-xs text-slate-500">→ {assignee}</span>}
        </span>
      </span>
    </button>
  );
}
