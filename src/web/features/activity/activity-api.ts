import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { WORKSPACE_DEAD_LETTER_JOBS } from "../../../shared/api/activity.ts";
import { api, withQuery } from "../../lib/api-client.ts";

/** The activity log API: pages (GET /api/activity), the live stream (SSE), retries, dead letters. */

export type ActivityStatus = "success" | "failed" | "pending" | "skipped";

export interface ActivityRow {
  id: number;
  automationId: string | null;
  accountId: string;
  personId: string;
  personUsername: string | null;
  trigger: string;
  incomingText: string | null;
  responseText: string | null;
  status: ActivityStatus;
  reason: string | null;
  detail?: unknown;
  metaErrorCode: number | null;
  metaErrorSubcode: number | null;
  metaErrorMessage: string | null;
  latencyMs: number | null;
  createdAt: string;
  updatedAt?: string;
}

export interface ActivityFilters {
  status?: ActivityStatus | undefined;
  automationId?: string | undefined;
  accountId?: string | undefined;
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const PAGE = 50;

export function useActivityPages(filters: ActivityFilters) {
  return useInfiniteQuery({
    queryKey: ["activity", filters],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: ActivityRow[]; nextCursor: number | null }>("/api/activity", {
        signal,
        query: { ...filters, limit: PAGE, cursor: pageParam },
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export type StreamState = "connecting" | "live" | "reconnecting";

/**
 * Rows created or changed since the page loaded, from /api/activity/stream (same filters).
 * EventSource reconnects by itself; the state says whether the list is live right now.
 */
export function useActivityStream(filters: ActivityFilters, onReady?: () => void) {
  const ready = useRef(onReady);
  ready.current = onReady;
  const [rows, setRows] = useState<Map<number, ActivityRow>>(() => new Map());
  const [state, setState] = useState<StreamState>("connecting");
  const key = JSON.stringify(filters);
  useEffect(() => {
    const current = JSON.parse(key) as ActivityFilters;
    setRows(new Map());
    setState("connecting");
    const source = new EventSource(withQuery("/api/activity/stream", { ...current }), {
      withCredentials: true,
    });
    source.addEventListener("ready", () => {
      setState("live");
      // Rows written between the page's fetch and the stream's start: fetch the page again.
      ready.current?.();
    });
    source.addEventListener("activity", (e) => {
      const row = JSON.parse((e as MessageEvent<string>).data) as ActivityRow;
      setRows((m) => new Map(m).set(row.id, row));
    });
    source.onerror = () => setState("reconnecting");
    return () => source.close();
  }, [key]);
  return { rows, state };
}

export function useRetryActivity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      api.post<{ retried: "event" | "dead_letter"; activityId: number }>(`/api/activity/${id}/retry`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["dead-letters"] }),
  });
}

export interface DeadLetter {
  job: string;
  id: string;
  payload: unknown;
  attemptsMade: number;
  failedReason: string;
  failedAt: string | null;
}

/** The pipeline's dead letters (operators: jobs:manage). */
export function useDeadLetters(enabled: boolean) {
  return useQuery({
    queryKey: ["dead-letters"],
    enabled,
    refetchInterval: 30_000,
    queryFn: async ({ signal }) => {
      const lists = await Promise.all(
        WORKSPACE_DEAD_LETTER_JOBS.map((job) =>
          api.get<{ deadLetters: DeadLetter[] }>("/api/jobs/dead-letters", {
            signal,
            query: { job, limit: 50 },
          }),
        ),
      );
      return lists.flatMap((l) => l.deadLetters);
    },
  });
}

export function useRetryDeadLetter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (d: { job: string; id: string }) =>
      api.post(`/api/jobs/dead-letters/${d.job}/${encodeURIComponent(d.id)}/retry`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["dead-letters"] }),
  });
}
