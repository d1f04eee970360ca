import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type {
  Conversation,
  ConversationPage,
  InboxSettings,
  MessagePage,
  MessageTemplateList,
  RenderedTemplate,
  ReplyAccepted,
} from "../../../shared/api/inbox.ts";
import { api, withQuery } from "../../lib/api-client.ts";
import type { InboxFilters } from "./inbox-model.ts";

/** The inbox API: conversation pages, a thread, the live stream, replies and actions, templates. */

const conversationPath = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;

function filterQuery(f: InboxFilters) {
  return {
    accountId: f.accountId,
    unread: f.unread ? "true" : undefined,
    priority: f.priority ? "true" : undefined,
    assigned: f.assigned,
    handedOver: f.handedOver ? "true" : undefined,
    windowOpen: f.windowOpen ? "true" : undefined,
    q: f.q,
  };
}

export function useConversationPages(filters: InboxFilters) {
  return useInfiniteQuery({
    queryKey: ["conversations", filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get<ConversationPage>("/api/conversations", {
        signal,
        query: { ...filterQuery(filters), limit: 30, cursor: pageParam },
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useConversation(id: string | undefined) {
  return useQuery({
    queryKey: ["conversation", id],
    enabled: Boolean(id),
    queryFn: ({ signal }) => api.get<Conversation>(conversationPath(id ?? ""), { signal }),
  });
}

export function useThread(id: string | undefined) {
  return useInfiniteQuery({
    queryKey: ["thread", id],
    enabled: Boolean(id),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get<MessagePage>(`${conversationPath(id ?? "")}/messages`, {
        signal,
        query: { limit: 50, cursor: pageParam },
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // A reply being sent changes state (sent, delivered, read) without a new message: look again
    // while one of ours is pending.
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) => p.items.some((m) => m.status === "pending")) ? 1_500 : false,
  });
}

export type StreamState = "connecting" | "live" | "reconnecting";

/**
 * Conversations changed since the page loaded (/api/conversations/stream). A change to the
 * open conversation refetches its thread, so a new DM shows without reloading.
 */
export function useConversationStream(openId: string | undefined, onReady?: () => void) {
  const queryClient = useQueryClient();
  const ready = useRef(onReady);
  ready.current = onReady;
  const open = useRef(openId);
  open.current = openId;
  const [live, setLive] = useState<Map<string, Conversation>>(() => new Map());
  const [state, setState] = useState<StreamState>("connecting");
  useEffect(() => {
    const source = new EventSource(withQuery("/api/conversations/stream"), { withCredentials: true });
    source.addEventListener("ready", () => {
      setState("live");
      ready.current?.();
    });
    source.addEventListener("conversation", (e) => {
      const c = JSON.parse((e as MessageEvent<string>).data) as Conversation;
      setLive((m) => new Map(m).set(c.id, c));
      queryClient.setQueryData(["conversation", c.id], c);
      if (c.id === open.current) void queryClient.invalidateQueries({ queryKey: ["thread", c.id] });
    });
    source.onerror = () => setState("reconnecting");
    return () => source.close();
  }, [queryClient]);
  return { live, state };
}

/** After an action: the conversation's new state everywhere it shows. */
function useConversationUpdate() {
  const queryClient = useQueryClient();
  return (c: Conversation) => {
    queryClient.setQueryData(["conversation", c.id], c);
    void queryClient.invalidateQueries({ queryKey: ["conversations"] });
  };
}

export function useReply(id: string) {
  const queryClient = useQueryClient();
  const update = useConversationUpdate();
  return useMutation({
    mutationFn: (text: string) => api.post<ReplyAccepted>(`${conversationPath(id)}/messages`, { text }),
    onSuccess: (r) => {
      update(r.conversation);
      void queryClient.invalidateQueries({ queryKey: ["thread", id] });
    },
  });
}

export function useConversationActions(id: string) {
  const update = useConversationUpdate();
  const path = conversationPath(id);
  const done = { onSuccess: update };
  return {
    markRead: useMutation({ mutationFn: () => api.post<Conversation>(`${path}/read`), ...done }),
    priority: useMutation({
      mutationFn: (priority: boolean) => api.patch<Conversation>(path, { priority }),
      ...done,
    }),
    assign: useMutation({
      mutationFn: (assigneeId: string | null) => api.put<Conversation>(`${path}/assignee`, { assigneeId }),
      ...done,
    }),
    bot: useMutation({
      mutationFn: (action: "pause" | "resume" | "release") =>
        api.post<Conversation>(`${path}/bot`, { action }),
      ...done,
    }),
  };
}

export function useInboxSettings() {
  return useQuery({
    queryKey: ["inbox-settings"],
    queryFn: ({ signal }) => api.get<InboxSettings>("/api/inbox/settings", { signal }),
    staleTime: 60_000,
  });
}

export function useTemplates(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ["inbox-templates", q],
    enabled,
    queryFn: ({ signal }) =>
      api.get<MessageTemplateList>("/api/inbox/templates", { signal, query: { q: q || undefined } }),
    staleTime: 10_000,
  });
}

/** A template's text for this person (the server fills in names and fields, and counts the use). */
export const renderTemplate = (conversationId: string, templateId: string) =>
  api.post<RenderedTemplate>(
    `${conversationPath(conversationId)}/templates/${encodeURIComponent(templateId)}/render`,
  );

export interface WorkspaceMember {
  userId: string;
  user: { id: string; name: string; email: string };
}

/** Who a conversation may be assigned to. */
export function useMembers(workspaceId: string | undefined) {
  return useQuery({
    queryKey: ["members", workspaceId],
    enabled: Boolean(workspaceId),
    staleTime: 60_000,
    queryFn: async () =>
      (
        await api.get<{ members: WorkspaceMember[] }>("/api/auth/organization/list-members", {
          query: { organizationId: workspaceId, limit: 200 },
        })
      ).members,
  });
}

/** Marks a conversation read (the `e` shortcut: done). */
export function useMarkRead() {
  const update = useConversationUpdate();
  return useMutation({
    mutationFn: (id: string) => api.post<Conversation>(`${conversationPath(id)}/read`),
    onSuccess: update,
  });
}
