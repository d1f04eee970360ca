import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./api-client.ts";

/** Client errors (4xx) are answers, not hiccups: only network and server errors are retried. */
export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: true,
        retry: (count, error) =>
          !(error instanceof ApiError && error.status > 0 && error.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
}
