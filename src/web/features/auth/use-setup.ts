import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api-client.ts";
import type { SetupStatus } from "../../lib/api-types.ts";

/** GET /api/setup: first run?, sign-up policy, Google configured?, password length. */
export function useSetup() {
  return useQuery({
    queryKey: ["setup"],
    queryFn: () => api.get<SetupStatus>("/api/setup"),
    staleTime: 5_000,
  });
}
