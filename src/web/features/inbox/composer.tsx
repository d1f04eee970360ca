import { forwardRef, useState } from "react";
import type { Conversation, MessageTemplate } from "../../../shared/api/inbox.ts";
import { META_LIMITS } from "../../../shared/meta-limits.ts";
import { errorMessage } from "../../lib/api-client.ts";
import { Button } from "../../ui/button.tsx";
import { cx } from "../../ui/cx.ts";
import { inputClass } from "../../ui/field.tsx";
import { renderTemplate, useReply, useTemplates } from "./inbox-api.ts";
import { composerState } from "./inbox-model.ts";

/**
 * The reply box: a byte counter to Instagram's 1000, disabled with the reason when the window
 * is closed, `/` to search templates (inserted with the person's name), the HUMAN_AGENT hint.
 */
export const Composer = forwardRef<
  HTMLTextAreaElement,
  { conversation: Conversation; now: number; humanAgentReplies: boolean; mayReply: boolean }
>(function Composer({ conversation, now, humanAgentReplies, mayReply }, ref) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const reply = useReply(conversation.id);
  const state = composerState(conversation, text, now, { humanAgentReplies, mayReply });
  const templateSearch = text.startsWith("/") ? text.slice(1).trim() : null;
  const templates = useTemplates(templateSearch ?? "", templateSearch !== null && mayReply);
  const disabled = state.disabledReason !== null;

  const send = () => {
    const body = text.trim();
    if (!body || state.tooLong || disabled || reply.isPending) return;
    setError(null);
    reply.mutate(body, {
      onSuccess: () => setText(""),
      onError: (e) => setError(errorMessage(e)),
    });
  };
  const insert = async (t: MessageTemplate) => {
    try {
      setText((await renderTemplate(conversation.id, t.id)).text);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <form
      aria-label="Reply"
      className="border-t border-slate-200 bg-white p-3"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {disabled ? (
        <p role="status" className="mb-2 rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-700">
          {state.disabledReason}
        </p>
      ) : (
        state.humanAgent && (
          <p className="mb-2 rounded-lg bg-amber-50 px-3 py-2 text-xs text-amber-900">
            Past 24 hours: this reply goes with Instagram's HUMAN_AGENT tag. Use it only for a person
            answering a person (Meta reviews it), never for promotions.
          </p>
        )
      )}
      {templateSearch !== null && !disabled && (
        <ul
          aria-label="Templates"
          className="mb-2 max-h-48 overflow-y-auto rounded-lg border border-slate-200"
        >
          {templates.isLoading && <li className="px-3 py-2 text-sm text-slate-500">Searching templates…</li>}
          {templates.isError && (
            <li className="px-3 py-2 text-sm text-red-700">{errorMessage(templates.error)}</li>
          )}
          {templates.data?.templates.length === 0 && (
            <li className="px-3 py-2 text-sm text-slate-500">No template matches “{templateSearch}”.</li>
          )}
          {templates.data?.templates.map((t) => (
            <li key={t.id}>
              <button
                type="button"
                className="block w-full px-3 py-2 text-left text-sm hover:bg-violet-50"
                onClick={() => void insert(t)}
              >
                <span className="font-medium">{t.name}</span>
                <span className="block truncate text-xs text-slate-500">{t.content}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <label htmlFor="inbox-reply" className="sr-only">
        Your reply
      </label>
      <textarea
        id="inbox-reply"
        ref={ref}
        rows={3}
        disabled={disabled}
        value={text}
        placeholder={disabled ? "" : "Write a reply… (type / for templates)"}
        aria-describedby="inbox-reply-bytes"
        aria-invalid={state.tooLong || undefined}
        className={cx(inputClass, "resize-y")}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && templateSearch === null) {
            e.preventDefault();
            send();
          }
          if (e.key === "Escape") (e.target as HTMLTextAreaElement).blur();
        }}
      />
      <div className="mt-2 flex items-center gap-3">
        <span
          id="inbox-reply-bytes"
          className={cx("text-xs", state.tooLong ? "font-semibold text-red-700" : "text-slate-500")}
        >
          {state.bytes} / {META_LIMITS.textBytes} bytes
        </span>
        {error && (
          <span role="alert" className="text-xs text-red-700">
            {error}
          </span>
        )}
        <Button
          type="submit"
          size="sm"
          className="ml-auto"
          busy={reply.isPending}
          disabled={disabled || state.tooLong || !text.trim() || templateSearch !== null}
        >
          Send
        </Button>
      </div>
    </form>
  );
});
