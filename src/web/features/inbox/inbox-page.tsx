import { useNavigate, useSearch } from "@tanstack/react-router";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useMe } from "../../lib/use-me.ts";
import { Button } from "../../ui/button.tsx";
import { cx } from "../../ui/cx.ts";
import { EmptyState, ErrorState, LoadingState } from "../../ui/states.tsx";
import { useAccounts } from "../automations/automations-api.ts";
import { ConversationList, displayName } from "./conversation-list.tsx";
import {
  type StreamState,
  useConversation,
  useConversationPages,
  useConversationStream,
  useInboxSettings,
  useMarkRead,
  useMembers,
  useThread,
} from "./inbox-api.ts";
import { InboxFilterBar } from "./inbox-filter-bar.tsx";
import { type InboxFilters, matchesFilters, mergeConversations, threadOldestFirst } from "./inbox-model.ts";
import { OpenConversation } from "./open-conversation.tsx";
import { useInboxKeys } from "./use-inbox-keys.ts";

/** The server's clock (the sandbox's when it plays Instagram), ticking in the browser. */
function useServerNow(serverNow: string | undefined) {
  const offset = useMemo(() => (serverNow ? Date.parse(serverNow) - Date.now() : 0), [serverNow]);
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setTick(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  return tick + offset;
}

/**
 * /inbox: conversations (filters, search, live), the open thread with the reply box, and the
 * conversation's actions. Three panes on a desktop, one at a time on a phone.
 */
export function InboxPage() {
  const { me, can } = useMe();
  const search = useSearch({ strict: false }) as { c?: string };
  const navigate = useNavigate();
  const selectedId = search.c;
  const select = useCallback(
    (id: string | undefined) => void navigate({ to: "/inbox", search: { c: id }, replace: true }),
    [navigate],
  );

  const [filters, setFilters] = useState<InboxFilters>({});
  const pages = useConversationPages(filters);
  const stream = useConversationStream(selectedId, () => void pages.refetch());
  const now = useServerNow(pages.data?.pages[0]?.now);
  const meId = me?.user?.id ?? null;
  const items = useMemo(() => {
    const live = new Map([...stream.live].filter(([, c]) => matchesFilters(c, filters, meId, now)));
    return mergeConversations(pages.data?.pages.flatMap((p) => p.items) ?? [], live);
  }, [pages.data, stream.live, filters, meId, now]);

  const accounts = useAccounts(can("accounts:read"));
  const members = useMembers(me?.workspace.id);
  const memberName = useCallback(
    (userId: string) => members.data?.find((m) => m.userId === userId)?.user.name,
    [members.data],
  );
  const settings = useInboxSettings();
  const mayReply = can("inbox:reply");

  const conversation = useConversation(selectedId);
  const thread = useThread(selectedId);
  const messages = useMemo(() => threadOldestFirst(thread.data?.pages ?? []), [thread.data]);
  const open = conversation.data;

  const markRead = useMarkRead();
  const composerRef = useRef<HTMLTextAreaElement>(null);
  useInboxKeys({
    ids: items.map((c) => c.id),
    selectedId,
    select,
    focusReply: () => composerRef.current?.focus(),
    markDone: () => {
      if (open && mayReply) markRead.mutate(open.id);
    },
  });

  return (
    <div className="-mx-4 -my-6 flex h-[calc(100dvh-3.6rem)] min-h-[480px] sm:-mx-8 sm:-my-8 md:h-dvh">
      <aside
        aria-label="Inbox"
        className={cx(
          "flex w-full flex-col border-r border-slate-200 bg-white md:w-80 md:shrink-0",
          selectedId && "hidden md:flex",
        )}
      >
        <div className="border-b border-slate-200 p-3">
          <div className="mb-2 flex items-center justify-between">
            <h1 className="text-xl font-bold tracking-tight">Inbox</h1>
            <LiveDot state={stream.state} />
          </div>
          <InboxFilterBar filters={filters} onChange={setFilters} accounts={accounts.data ?? []} />
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto">
          {pages.isLoading ? (
            <LoadingState label="Loading conversations…" />
          ) : pages.isError ? (
            <div className="p-3">
              <ErrorState error={pages.error} retry={() => pages.refetch()} />
            </div>
          ) : items.length === 0 ? (
            <div className="p-3">
              <EmptyState
                title={Object.values(filters).some(Boolean) ? "Nothing matches" : "No conversations yet"}
              >
                {Object.values(filters).some(Boolean)
                  ? "Change or clear the filters."
                  : "When someone writes to your account, the conversation shows up here within a second."}
              </EmptyState>
            </div>
          ) : (
            <>
              <ConversationList
                items={items}
                selectedId={selectedId}
                now={now}
                memberName={memberName}
                onSelect={select}
              />
              {pages.hasNextPage && (
                <div className="flex justify-center p-3">
                  <Button
                    variant="secondary"
                    size="sm"
                    busy={pages.isFetchingNextPage}
                    onClick={() => pages.fetchNextPage()}
                  >
                    Load more
                  </Button>
                </div>
              )}
            </>
          )}
        </div>
      </aside>

      <section
        aria-label={open ? `Conversation with ${displayName(open)}` : "Conversation"}
        className={cx("min-w-0 flex-1 flex-col bg-white", selectedId ? "flex" : "hidden md:flex")}
      >
        {!selectedId ? (
          <p className="m-auto text-sm text-slate-500">Choose a conversation (j / k to move, r to reply).</p>
        ) : conversation.isError ? (
          <div className="p-4">
            <ErrorState error={conversation.error} retry={() => conversation.refetch()} />
          </div>
        ) : !open ? (
          <LoadingState />
        ) : (
          <OpenConversation
            key={open.id}
            open={open}
            now={now}
            messages={messages}
            thread={thread}
            mayReply={mayReply}
            humanAgentReplies={settings.data?.humanAgentReplies ?? false}
            composerRef={composerRef}
            onBack={() => select(undefined)}
            members={members.data ?? []}
          />
        )}
      </section>
    </div>
  );
}

function LiveDot({ state }: { state: StreamState }) {
  return (
    <span role="status" className="inline-flex items-center gap-1.5 text-xs text-slate-600">
      <span
        aria-hidden
        className={cx(
          "h-2 w-2 rounded-full",
          state === "live" ? "bg-emerald-500" : state === "connecting" ? "bg-slate-300" : "bg-amber-500",
        )}
      />
      {state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Reconnecting…"}
    </span>
  );
}
