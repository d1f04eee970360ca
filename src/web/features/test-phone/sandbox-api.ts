import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, withQuery } from "../../lib/api-client.ts";
import type { SandboxMessage } from "./thread-model.ts";

/** The sandbox's control API (/sandbox/control/*): simulated people, posts, threads, clock, live stream. */

const base = "/sandbox/control";

export interface SandboxPerson {
  igsid: string;
  username: string;
  name: string | null;
  followsBusiness: boolean;
}
export interface SandboxMedia {
  id: string;
  accountId: string;
  kind: "post" | "reel" | "story" | "live";
  caption: string;
}
export interface SandboxComment {
  id: string;
  mediaId: string;
  personId: string | null;
  text: string;
  parentId: string | null;
  createdAt: string;
}
export interface SandboxClock {
  now: string;
  nowMs: number;
  offsetMs: number;
}

/** Whether this installation serves the sandbox at all (its control API answers). */
export function useSandboxAvailable() {
  return useQuery({
    queryKey: ["sandbox", "clock"],
    retry: false,
    queryFn: ({ signal }) => api.get<SandboxClock>(`${base}/clock`, { signal }),
  });
}

export function usePeople() {
  return useQuery({
    queryKey: ["sandbox", "people"],
    queryFn: ({ signal }) => api.get<{ people: SandboxPerson[] }>(`${base}/people`, { signal }),
    select: (d) => d.people,
  });
}

export function useSandboxMedia(accountId: string | undefined) {
  return useQuery({
    queryKey: ["sandbox", "media", accountId],
    enabled: Boolean(accountId),
    queryFn: ({ signal }) =>
      api.get<{ media: SandboxMedia[] }>(`${base}/media`, { signal, query: { accountId } }),
    select: (d) => d.media,
  });
}

export function useThread(accountId: string | undefined, personId: string | undefined) {
  return useQuery({
    queryKey: ["sandbox", "thread", accountId, personId],
    enabled: Boolean(accountId && personId),
    queryFn: ({ signal }) =>
      api.get<{ items: SandboxMessage[] }>(`${base}/threads`, { signal, query: { accountId, personId } }),
    select: (d) => d.items,
  });
}

export function useComments(mediaId: string | undefined) {
  return useQuery({
    queryKey: ["sandbox", "comments", mediaId],
    enabled: Boolean(mediaId),
    queryFn: ({ signal }) =>
      api.get<{ comments: SandboxComment[] }>(`${base}/comments`, { signal, query: { mediaId } }),
    select: (d) => d.comments,
  });
}

export const sandbox = {
  createPerson: (username: string, followsBusiness: boolean) =>
    api.post<{ person: SandboxPerson }>(`${base}/people`, { username, followsBusiness }),
  dm: (igsid: string, body: { accountId: string; text: string; quickReplyPayload?: string }) =>
    api.post(`${base}/people/${igsid}/messages`, body),
  comment: (igsid: string, body: { mediaId: string; text: string }) =>
    api.post(`${base}/people/${igsid}/comments`, body),
  storyReply: (igsid: string, body: { storyId: string; text: string }) =>
    api.post(`${base}/people/${igsid}/story-replies`, body),
  storyMention: (igsid: string, body: { accountId: string }) =>
    api.post(`${base}/people/${igsid}/story-mentions`, body),
  react: (igsid: string, body: { mid: string }) =>
    api.post(`${base}/people/${igsid}/reactions`, { ...body, action: "react", reaction: "love" }),
  postback: (igsid: string, body: { accountId: string; title: string; payload: string }) =>
    api.post(`${base}/people/${igsid}/postbacks`, body),
  referral: (igsid: string, body: { accountId: string; ref: string }) =>
    api.post(`${base}/people/${igsid}/referrals`, body),
  advanceClock: (advanceMs: number) => api.post<SandboxClock>(`${base}/clock`, { advanceMs }),
};

/**
 * Everything the sandbox records (the person's actions and autodm's answers), live: each item
 * refreshes the threads and comments it touches.
 */
export function useSandboxStream(accountId: string | undefined) {
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (!accountId) return;
    const source = new EventSource(withQuery(`${base}/stream`, { accountId }), { withCredentials: true });
    source.addEventListener("ready", () => setLive(true));
    source.addEventListener("item", (e) => {
      const item = JSON.parse((e as MessageEvent<string>).data) as SandboxMessage;
      void queryClient.invalidateQueries({ queryKey: ["sandbox", "thread", item.accountId, item.personId] });
      if (item.kind === "public_reply" || item.kind === "private_reply")
        void queryClient.invalidateQueries({ queryKey: ["sandbox", "comments"] });
    });
    source.onerror = () => setLive(false);
    return () => source.close();
  }, [accountId, queryClient]);
  return live;
}
