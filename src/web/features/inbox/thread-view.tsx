import { useEffect, useRef } from "react";
import type { Message } from "../../../shared/api/inbox.ts";
import { errorMessage } from "../../lib/api-client.ts";
import { Button } from "../../ui/button.tsx";
import { cx } from "../../ui/cx.ts";
import { refLabel, senderLabel, statusLabel } from "./inbox-model.ts";

const BUBBLE: Record<Message["sender"]["kind"], string> = {
  person: "border border-slate-200 bg-white text-slate-900",
  automation: "bg-violet-600 text-white",
  ai: "bg-indigo-600 text-white",
  member: "bg-emerald-600 text-white",
  app: "bg-slate-700 text-white",
};

/** A thread oldest first: bubbles by who sent them, what they refer to, delivery state, retry. */
export function ThreadView({
  messages,
  loading,
  error,
  hasOlder,
  loadingOlder,
  onOlder,
  onRetry,
}: {
  messages: Message[];
  loading: boolean;
  error: unknown;
  hasOlder: boolean;
  loadingOlder: boolean;
  onOlder: () => void;
  onRetry?: ((m: Message) => void) | undefined;
}) {
  const end = useRef<HTMLDivElement>(null);
  const lastId = messages.at(-1)?.id;
  useEffect(() => {
    if (lastId) end.current?.scrollIntoView?.({ block: "nearest" });
  }, [lastId]);
  return (
    <div
      role="log"
      aria-label="Thread"
      aria-live="polite"
      className="min-h-0 flex-1 space-y-2 overflow-y-auto bg-slate-50 px-4 py-3 text-sm"
    >
      {hasOlder && (
        <div className="flex justify-center">
          <Button variant="ghost" size="sm" busy={loadingOlder} onClick={onOlder}>
            Older messages
          </Button>
        </div>
      )}
      {loading && <p className="text-center text-xs text-slate-500">Loading the conversation…</p>}
      {Boolean(error) && <p className="text-center text-xs text-red-700">{errorMessage(error)}</p>}
      <ul className="space-y-2">
        {messages.map((m) => (
          <li key={m.id}>
            <Bubble m={m} onRetry={onRetry} />
          </li>
        ))}
      </ul>
      <div ref={end} />
    </div>
  );
}

function Bubble({ m, onRetry }: { m: Message; onRetry?: ((m: Message) => void) | undefined }) {
  const mine = m.direction === "out";
  const caption = senderLabel(m);
  const ref = refLabel(m);
  const status = statusLabel(m);
  return (
    <div className={cx("flex flex-col", mine ? "items-end" : "items-start")}>
      {caption && <p className="mb-0.5 text-xs text-slate-500">{caption}</p>}
      <div className={cx("max-w-[80%] rounded-2xl px-3 py-2", BUBBLE[m.sender.kind])}>
        {ref && (
          <p className="mb-1 text-xs opacity-80">
            {m.ref?.url ? (
              <a href={m.ref.url} target="_blank" rel="noreferrer noopener" className="underline">
                {ref}
              </a>
            ) : (
              ref
            )}
          </p>
        )}
        {m.text ? (
          <p className="break-words whitespace-pre-wrap">{m.text}</p>
        ) : (
          <p className="italic opacity-80">
            {m.attachments?.length
              ? `📎 ${m.attachments.map((a) => a.type).join(", ")}`
              : m.type.replace(/_/g, " ")}
          </p>
        )}
      </div>
      <p className="mt-0.5 flex items-center gap-2 text-xs text-slate-500">
        <time dateTime={m.at}>
          {new Date(m.at).toLocaleString([], { dateStyle: "short", timeStyle: "short" })}
        </time>
        {m.humanAgent && <span title="Sent with Instagram's HUMAN_AGENT tag">HUMAN_AGENT</span>}
        {mine && status && (
          <span className={cx(m.status === "failed" && "font-medium text-red-700")}>{status}</span>
        )}
      </p>
      {m.status === "failed" && (
        <p className="mt-0.5 flex items-center gap-2 text-xs text-red-700">
          {m.failure?.reason ?? "Instagram refused it"}
          {m.failure?.code ? ` (code ${m.failure.code})` : ""}
          {onRetry && m.sender.kind === "member" && m.text && (
            <Button variant="secondary" size="sm" onClick={() => onRetry(m)}>
              Retry
            </Button>
          )}
        </p>
      )}
    </div>
  );
}
