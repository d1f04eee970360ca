import type { Conversation } from "../../../shared/api/inbox.ts";
import { errorMessage } from "../../lib/api-client.ts";
import { Button } from "../../ui/button.tsx";
import { Badge } from "../../ui/card.tsx";
import { inputClass } from "../../ui/field.tsx";
import { useToast } from "../../ui/toast.tsx";
import { useConversationActions, type WorkspaceMember } from "./inbox-api.ts";
import { formatLeft, windowBadge } from "./inbox-model.ts";

/** The side pane: the window, priority, assignee, the bot's state, tags. */
export function ConversationActions({
  c,
  now,
  members,
  mayAct,
}: {
  c: Conversation;
  now: number;
  members: WorkspaceMember[];
  mayAct: boolean;
}) {
  const actions = useConversationActions(c.id);
  const toast = useToast();
  const onError = { onError: (e: unknown) => toast(errorMessage(e), "error") };
  const window = windowBadge(c, now);
  const humanLeft = c.humanAgentUntil ? Date.parse(c.humanAgentUntil) - now : 0;
  return (
    <section aria-label="Conversation details" className="space-y-5 p-4 text-sm">
      <div>
        <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Reply window</h3>
        <p className="mt-1 flex items-center gap-2">
          <Badge tone={window.tone}>{window.label}</Badge>
        </p>
        {window.tone === "red" && humanLeft > 0 && (
          <p className="mt-1 text-xs text-slate-500">
            Human-agent replies possible for {formatLeft(humanLeft)} more, if enabled.
          </p>
        )}
      </div>

      <div>
        <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Priority</h3>
        <Button
          variant="secondary"
          size="sm"
          className="mt-1"
          aria-pressed={c.priority}
          disabled={!mayAct}
          busy={actions.priority.isPending}
          onClick={() => actions.priority.mutate(!c.priority, onError)}
        >
          {c.priority ? "★ Priority" : "☆ Mark as priority"}
        </Button>
      </div>

      <div>
        <label
          htmlFor="inbox-assignee"
          className="text-xs font-semibold uppercase tracking-wide text-slate-500"
        >
          Assigned to
        </label>
        <select
          id="inbox-assignee"
          className={`${inputClass} mt-1`}
          disabled={!mayAct || actions.assign.isPending}
          value={c.assigneeId ?? ""}
          onChange={(e) => actions.assign.mutate(e.target.value || null, onError)}
        >
          <option value="">Nobody</option>
          {members.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.user.name || m.user.email}
            </option>
          ))}
        </select>
      </div>

      <div>
        <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Automations</h3>
        <p className="mt-1" role="status">
          {c.bot.state === "active"
            ? "On: automations answer this person."
            : c.bot.state === "handed_over"
              ? "Handed over to a person: automations stay silent until you release it."
              : `Paused until ${new Date(c.bot.pausedUntil ?? "").toLocaleString()}.`}
        </p>
        {mayAct && (
          <div className="mt-2 flex flex-wrap gap-2">
            {c.bot.state === "active" && (
              <Button
                variant="secondary"
                size="sm"
                busy={actions.bot.isPending}
                onClick={() => actions.bot.mutate("pause", onError)}
              >
                Pause automations
              </Button>
            )}
            {c.bot.state === "paused" && (
              <Button
                variant="secondary"
                size="sm"
                busy={actions.bot.isPending}
                onClick={() => actions.bot.mutate("resume", onError)}
              >
                Resume automations
              </Button>
            )}
            {c.bot.state === "handed_over" && (
              <Button
                size="sm"
                busy={actions.bot.isPending}
                onClick={() => actions.bot.mutate("release", onError)}
              >
                Release to automations
              </Button>
            )}
          </div>
        )}
      </div>

      {(c.tags.length > 0 || c.isLead) && (
        <div>
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Tags</h3>
          <p className="mt-1 flex flex-wrap gap-1">
            {c.isLead && <Badge tone="violet">Lead</Badge>}
            {c.tags.map((t) => (
              <Badge key={t}>{t}</Badge>
            ))}
          </p>
        </div>
      )}
    </section>
  );
}
