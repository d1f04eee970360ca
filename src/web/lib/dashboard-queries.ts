import { queryOptions } from "@tanstack/react-query";
import { api } from "./api-client.ts";
import type { InstagramAccountView } from "./api-types.ts";

export interface OnboardingVideos {
  connect: string | null;
  automation: string | null;
  testPhone: string | null;
  metaApp: string | null;
}

export interface Onboarding {
  steps: { accountConnected: boolean; automationCreated: boolean; triedInTestPhone: boolean; live: boolean };
  sandbox: boolean;
  videos: OnboardingVideos;
}

export interface Stats {
  days: number;
  from: string;
  messages: { sent: number; failed: number; pending: number };
  successRate: number | null;
  events: { success: number; failed: number; pending: number; skipped: number };
  perDay: { date: string; sent: number; failed: number }[];
  topAutomations: { id: string; name: string; success: number; failed: number; total: number }[];
}

export interface ConnectOptions {
  instagram: boolean;
  facebook: boolean;
  sandbox: boolean;
}

export interface SetupGuide {
  webhookUrl: string;
  verifyToken: string | null;
  redirectUris: { instagram: string; facebook: string };
  scopes: { instagram: string[]; facebook: string[] };
  webhookFields: string[];
  apps: { instagram: boolean; facebook: boolean };
  sandbox: boolean;
  videos: OnboardingVideos;
}

export interface TemplateView {
  id: string;
  name: string;
  description: string;
  when: string;
  fields: { name: "link" | "bookingUrl" | "keyword"; label: string; kind: "url" | "text"; default: string }[];
}

/** The queries several pages share, so their caches agree (and a mutation refreshes them all). */
export const queries = {
  onboarding: () =>
    queryOptions({ queryKey: ["onboarding"], queryFn: () => api.get<Onboarding>("/api/onboarding") }),
  stats: (days: number) =>
    queryOptions({
      queryKey: ["stats", days],
      queryFn: () => api.get<Stats>("/api/stats", { query: { days } }),
    }),
  accounts: () =>
    queryOptions({
      queryKey: ["accounts"],
      queryFn: async () =>
        (await api.get<{ accounts: InstagramAccountView[] }>("/api/instagram/accounts")).accounts,
    }),
  connectOptions: () =>
    queryOptions({
      queryKey: ["connect-options"],
      queryFn: () => api.get<ConnectOptions>("/api/instagram/connect/options"),
      staleTime: 5 * 60_000,
    }),
  setupGuide: () =>
    queryOptions({ queryKey: ["setup-guide"], queryFn: () => api.get<SetupGuide>("/api/setup-guide") }),
  templates: () =>
    queryOptions({
      queryKey: ["automation-templates"],
      queryFn: async () =>
        (await api.get<{ templates: TemplateView[] }>("/api/automation-templates")).templates,
      staleTime: 5 * 60_000,
    }),
};
