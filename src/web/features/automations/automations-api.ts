import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Automation, AutomationInput, AutomationInputBody } from "../../../shared/automation.ts";
import { api } from "../../lib/api-client.ts";
import type { InstagramAccountView } from "../../lib/api-types.ts";

/** The automations API as query hooks: GET/POST/PUT/DELETE /api/automations, templates, accounts, media. */

export interface AutomationCounters {
  runs: number;
  succeeded: number;
  failed: number;
  misses: number;
  dms: number;
  comments: number;
  lastActivityAt: string | null;
}
export type AutomationWithCounters = Automation & { counters: AutomationCounters };

export interface TemplateView {
  id: string;
  name: string;
  description: string;
  automation: AutomationInputBody;
}

export interface MediaItem {
  id: string;
  caption: string;
  kind: "post" | "reel" | "story" | "live";
  timestamp: string | null;
}

export const automationsKey = ["automations"] as const;

export function useAutomations(enabled = true) {
  return useQuery({
    queryKey: automationsKey,
    enabled,
    queryFn: ({ signal }) =>
      api.get<{ automations: AutomationWithCounters[] }>("/api/automations", { signal }),
    select: (d) => d.automations,
  });
}

export function useAutomation(id: string | undefined) {
  return useQuery({
    queryKey: [...automationsKey, id],
    enabled: Boolean(id),
    queryFn: ({ signal }) => api.get<AutomationWithCounters>(`/api/automations/${id}`, { signal }),
  });
}

export function useTemplates(enabled = true) {
  return useQuery({
    queryKey: ["automation-templates"],
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: ({ signal }) => api.get<{ templates: TemplateView[] }>("/api/automation-templates", { signal }),
    select: (d) => d.templates,
  });
}

export function useAccounts(enabled = true) {
  return useQuery({
    queryKey: ["instagram-accounts"],
    enabled,
    queryFn: ({ signal }) =>
      api.get<{ accounts: InstagramAccountView[] }>("/api/instagram/accounts", { signal }),
    select: (d) => d.accounts,
    staleTime: 30_000,
  });
}

/** The account's posts and reels, for "comment on chosen posts". */
export function useAccountMedia(accountId: string | undefined) {
  return useQuery({
    queryKey: ["instagram-media", accountId],
    enabled: Boolean(accountId),
    retry: false,
    staleTime: 60_000,
    queryFn: ({ signal }) =>
      api.get<{ media: MediaItem[] }>(`/api/instagram/accounts/${accountId}/media`, { signal }),
    select: (d) => d.media,
  });
}

function refresh(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: automationsKey });
}

export function useAutomationMutations() {
  const queryClient = useQueryClient();
  const onSuccess = () => refresh(queryClient);
  return {
    create: useMutation({
      mutationFn: (input: AutomationInput) => api.post<Automation>("/api/automations", input),
      onSuccess,
    }),
    replace: useMutation({
      mutationFn: ({ id, input }: { id: string; input: AutomationInput }) =>
        api.put<Automation>(`/api/automations/${id}`, input),
      onSuccess,
    }),
    setEnabled: useMutation({
      mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
        api.post<Automation>(`/api/automations/${id}/${enabled ? "enable" : "disable"}`),
      onSuccess,
    }),
    duplicate: useMutation({
      mutationFn: (id: string) => api.post<Automation>(`/api/automations/${id}/duplicate`),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (id: string) => api.delete(`/api/automations/${id}`),
      // Forget the deleted one first: refetching it (the page is still open) would only 404.
      onSuccess: (_data, id) => {
        queryClient.removeQueries({ queryKey: [...automationsKey, id] });
        queryClient.setQueryData<{ automations: AutomationWithCounters[] }>(automationsKey, (d) =>
          d ? { automations: d.automations.filter((a) => a.id !== id) } : d,
        );
        return queryClient.invalidateQueries({ queryKey: automationsKey, exact: true });
      },
    }),
  };
}
