import { useEffect, useId, useRef, useState } from "react";
import { Button } from "../../ui/button.tsx";
import { cx } from "../../ui/cx.ts";
import type { Act } from "./person-actions.tsx";
import { type SandboxPerson, sandbox } from "./sandbox-api.ts";
import type { PhoneBubble } from "./thread-model.ts";

/** The phone's thread, live; quick replies and postback buttons are tappable, messages can get a ❤️. */
export function Conversation({
  bubbles,
  loading,
  onQuickReply,
  onPostback,
  onReact,
}: {
  bubbles: PhoneBubble[];
  loading: boolean;
  onQuickReply: (q: { title: string; payload: string }) => void;
  onPostback: (b: { title: string; payload: string }) => void;
  onReact: (mid: string) => void;
}) {
  const end = useRef<HTMLDivElement>(null);
  const count = bubbles.length;
  useEffect(() => {
    if (count > 0) end.current?.scrollIntoView?.({ block: "nearest" });
  }, [count]);
  const last = bubbles.at(-1);
  return (
    <div
      role="log"
      aria-label="Conversation"
      aria-live="polite"
      className="h-[460px] space-y-2 overflow-y-auto px-3 py-3 text-sm"
    >
      {loading && <p className="text-center text-xs text-slate-500">Loading…</p>}
      {!loading && bubbles.length === 0 && (
        <p className="mt-16 text-center text-xs text-slate-500">
          No messages yet. Comment or write to start.
        </p>
      )}
      <ul className="space-y-2">
        {bubbles.map((b) => (
          <li key={b.key}>
            <Bubble
              bubble={b}
              showQuickReplies={b === last}
              onQuickReply={onQuickReply}
              onPostback={onPostback}
              onReact={onReact}
            />
          </li>
        ))}
      </ul>
      <div ref={end} />
    </div>
  );
}

function Bubble({
  bubble: b,
  showQuickReplies,
  onQuickReply,
  onPostback,
  onReact,
}: {
  bubble: PhoneBubble;
  showQuickReplies: boolean;
  onQuickReply: (q: { title: string; payload: string }) => void;
  onPostback: (b: { title: string; payload: string }) => void;
  onReact: (mid: string) => void;
}) {
  if (b.from === "system") return <p className="text-center text-xs text-slate-500 italic">{b.text}</p>;
  const mine = b.from === "person";
  return (
    <div className={cx("flex flex-col", mine ? "items-end" : "items-start")}>
      {b.label && <p className="mb-0.5 text-xs text-slate-500">{b.label}</p>}
      <div className="flex max-w-[88%] items-end gap-1">
        <div
          className={cx(
            "min-w-0 overflow-hidden rounded-2xl",
            mine ? "bg-violet-600 text-white" : "border border-slate-200 bg-slate-100 text-slate-900",
          )}
        >
          {b.media ? (
            <p className="px-3 py-2">
              📎 {b.media.type}
              <span className="block truncate text-xs opacity-70">{b.media.url}</span>
            </p>
          ) : (
            <p className="px-3 py-2 break-words whitespace-pre-wrap">{b.text}</p>
          )}
          {b.buttons && b.buttons.length > 0 && (
            <div className="border-t border-slate-200 bg-white">
              {b.buttons.map((btn) =>
                btn.type === "web_url" ? (
                  <a
                    key={`${btn.title}:${btn.url}`}
                    href={btn.url}
                    target="_blank"
                    rel="noreferrer noopener"
                    className="block border-b border-slate-200 px-3 py-2 text-center font-medium text-violet-700 last:border-b-0 hover:bg-violet-50"
                  >
                    ↗ {btn.title}
                  </a>
                ) : (
                  <button
                    key={`${btn.title}:${btn.payload}`}
                    type="button"
                    onClick={() => onPostback(btn)}
                    className="block w-full border-b border-slate-200 px-3 py-2 text-center font-medium text-violet-700 last:border-b-0 hover:bg-violet-50"
                  >
                    {btn.title}
                  </button>
                ),
              )}
            </div>
          )}
        </div>
        {!mine && (
          <button
            type="button"
            aria-label="React ❤️ to this message"
            className="rounded-full px-1 text-xs text-slate-400 hover:text-red-500"
            onClick={() => onReact(b.mid)}
          >
            ♥
          </button>
        )}
      </div>
      {showQuickReplies && b.quickReplies && (
        <div className="mt-1.5 flex flex-wrap gap-1.5">
          {b.quickReplies.map((q) => (
            <button
              key={`${q.title}:${q.payload}`}
              type="button"
              onClick={() => onQuickReply(q)}
              className="rounded-full border border-violet-300 bg-white px-3 py-1 text-xs text-violet-700 hover:bg-violet-50"
            >
              {q.title}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

export function QuickDm({ accountIg, person, act }: { accountIg: string; person: SandboxPerson; act: Act }) {
  const [text, setText] = useState("");
  const id = useId();
  return (
    <form
      className="flex gap-2 border-t border-slate-200 p-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim())
          void act(
            () => sandbox.dm(person.igsid, { accountId: accountIg, text }),
            () => setText(""),
          );
      }}
    >
      <label htmlFor={id} className="sr-only">
        Message
      </label>
      <input
        id={id}
        className="min-w-0 flex-1 rounded-full border border-slate-300 px-3 py-1.5 text-sm"
        placeholder="Message…"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <Button type="submit" size="sm" disabled={!text.trim()}>
        Send
      </Button>
    </form>
  );
}
