import { type RefObject, useEffect, useState } from "react";
import type { Conversation, Message } from "../../../shared/api/inbox.ts";
import { Button } from "../../ui/button.tsx";
import { Composer } from "./composer.tsx";
import { ConversationActions } from "./conversation-actions.tsx";
import { displayName } from "./conversation-list.tsx";
import { useConversationActions, useReply, type useThread, type WorkspaceMember } from "./inbox-api.ts";
import { ThreadView } from "./thread-view.tsx";

/** The open conversation: its header, thread, reply box and (beside, or folded on small screens) its actions. */
export function OpenConversation({
  open,
  now,
  messages,
  thread,
  mayReply,
  humanAgentReplies,
  composerRef,
  onBack,
  members,
}: {
  open: Conversation;
  now: number;
  messages: Message[];
  thread: ReturnType<typeof useThread>;
  mayReply: boolean;
  humanAgentReplies: boolean;
  composerRef: RefObject<HTMLTextAreaElement | null>;
  onBack: () => void;
  members: WorkspaceMember[];
}) {
  const actions = useConversationActions(open.id);
  const retry = useReply(open.id);
  const [details, setDetails] = useState(false);
  // Opening a conversation with unread messages reads them (for roles that may act on it).
  const unread = open.unreadCount > 0;
  const { mutate: markRead } = actions.markRead;
  useEffect(() => {
    if (unread && mayReply) markRead();
  }, [unread, mayReply, markRead]);
  return (
    <div className="flex min-h-0 flex-1">
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center gap-2 border-b border-slate-200 px-3 py-2">
          <Button variant="ghost" size="sm" className="md:hidden" onClick={onBack}>
            ← Back
          </Button>
          <div className="min-w-0">
            <h2 className="truncate font-semibold">{displayName(open)}</h2>
            {open.person.username && (
              <p className="truncate text-xs text-slate-500">@{open.person.username}</p>
            )}
          </div>
          <Button
            variant="secondary"
            size="sm"
            className="ml-auto lg:hidden"
            aria-expanded={details}
            onClick={() => setDetails((v) => !v)}
          >
            Details
          </Button>
        </header>
        {details && (
          <div className="max-h-[50%] overflow-y-auto border-b border-slate-200 lg:hidden">
            <ConversationActions c={open} now={now} members={members} mayAct={mayReply} />
          </div>
        )}
        <ThreadView
          messages={messages}
          loading={thread.isLoading}
          error={thread.error}
          hasOlder={Boolean(thread.hasNextPage)}
          loadingOlder={thread.isFetchingNextPage}
          onOlder={() => void thread.fetchNextPage()}
          onRetry={mayReply ? (m) => m.text && retry.mutate(m.text) : undefined}
        />
        <Composer
          ref={composerRef}
          conversation={open}
          now={now}
          humanAgentReplies={humanAgentReplies}
          mayReply={mayReply}
        />
      </div>
      <aside
        aria-label="Details"
        className="hidden w-72 shrink-0 overflow-y-auto border-l border-slate-200 lg:block"
      >
        <ConversationActions c={open} now={now} members={members} mayAct={mayReply} />
      </aside>
    </div>
  );
}
