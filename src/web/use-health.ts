import { useEffect, useState } from "react";
import { HealthResponse } from "../shared/health.ts";

export type HealthState =
  | { kind: "loading" }
  | { kind: "ok"; health: HealthResponse }
  | { kind: "error"; message: string };

/** Polls /health so the shell shows whether the database and the queue are up. */
export function useHealth(intervalMs = 10_000): HealthState {
  const [state, setState] = useState<HealthState>({ kind: "loading" });
  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      try {
        const res = await fetch("/health", { headers: { accept: "application/json" } });
        const parsed = HealthResponse.safeParse(await res.json());
        if (cancelled) return;
        setState(
          parsed.success
            ? { kind: "ok", health: parsed.data }
            : { kind: "error", message: "unexpected answer" },
        );
      } catch {
        if (!cancelled) setState({ kind: "error", message: "the server is not reachable" });
      }
    };
    void load();
    const timer = setInterval(load, intervalMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [intervalMs]);
  return state;
}
