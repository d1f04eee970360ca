import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, errorMessage } from "../../lib/api-client.ts";
import { Button } from "../../ui/button.tsx";
import { Badge, Card } from "../../ui/card.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { ErrorState, LoadingState } from "../../ui/states.tsx";
import { useToast } from "../../ui/toast.tsx";
import { type SessionView, settingsApi, settingsQueries } from "./settings-api.ts";
import { deviceName, formatDateTime } from "./settings-model.ts";

/** better-auth lists sessions only from a recent sign-in (its "fresh session" rule). */
const notFresh = (e: unknown) => e instanceof ApiError && e.code === "SESSION_NOT_FRESH";

export function SessionsPanel() {
  const sessions = useQuery(settingsQueries.sessions());
  const current = useQuery(settingsQueries.currentSession());
  const queryClient = useQueryClient();
  const toast = useToast();
  const [confirmAll, setConfirmAll] = useState(false);
  const currentToken = current.data?.session.token;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["sessions"] });
  const revoke = useMutation({
    mutationFn: (s: SessionView) => settingsApi.revokeSession(s.token),
    onSuccess: async () => {
      await refresh();
      toast("That device is signed out.");
    },
    onError: (e) => toast(errorMessage(e), "error"),
  });
  const revokeOthers = useMutation({
    mutationFn: () => settingsApi.revokeOtherSessions(),
    onSuccess: async () => {
      setConfirmAll(false);
      // The list first, then the word: the two agree when the toast appears.
      await refresh();
      toast("Signed out everywhere else.");
    },
    onError: (e) => toast(errorMessage(e), "error"),
  });
  const list = sessions.data
    ? [...sessions.data].sort(
        (a, b) =>
          Number(b.token === currentToken) - Number(a.token === currentToken) ||
          b.updatedAt.localeCompare(a.updatedAt),
      )
    : [];
  const others = list.filter((s) => s.token !== currentToken).length;
  const stale = notFresh(sessions.error);
  return (
    <Card>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold">Where you are signed in</h2>
          <p className="mt-1 text-sm text-slate-600">
            Each browser or device you signed in from. Sign out any you do not recognise.
          </p>
        </div>
        {/* Without the list (not a recent sign-in) the others are unknown: still offer it. */}
        {(others > 0 || stale) && (
          <Button variant="secondary" onClick={() => setConfirmAll(true)}>
            Sign out everywhere else
          </Button>
        )}
      </div>
      {sessions.isPending || current.isPending ? (
        <LoadingState label="Loading sessions…" />
      ) : sessions.isError ? (
        stale ? (
          <p role="alert" className="mt-4 rounded-lg bg-amber-50 p-3 text-sm text-amber-950">
            For your safety the list of sessions shows only within a day of signing in. Sign out and in again
            to see it — or sign out everywhere else right away.
          </p>
        ) : (
          <ErrorState error={sessions.error} retry={() => sessions.refetch()} />
        )
      ) : (
        <ul aria-label="Sessions" className="mt-3 divide-y divide-slate-100">
          {list.map((s) => {
            const isCurrent = s.token === currentToken;
            return (
              <li key={s.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center">
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">{deviceName(s.userAgent)}</span>
                    {isCurrent && <Badge tone="green">This device</Badge>}
                  </p>
                  <p className="mt-0.5 text-sm text-slate-600">
                    {s.ipAddress ? `${s.ipAddress} · ` : ""}signed in {formatDateTime(s.createdAt)} · last
                    active {formatDateTime(s.updatedAt)}
                  </p>
                </div>
                {!isCurrent && (
                  <Button
                    variant="ghost"
                    size="sm"
                    className="self-start text-red-700 sm:self-auto"
                    busy={revoke.isPending && revoke.variables?.id === s.id}
                    onClick={() => revoke.mutate(s)}
                  >
                    Sign out<span className="sr-only"> {deviceName(s.userAgent)}</span>
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <Dialog
        open={confirmAll}
        onClose={() => setConfirmAll(false)}
        title="Sign out everywhere else?"
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmAll(false)}>
              Cancel
            </Button>
            <Button variant="danger" busy={revokeOthers.isPending} onClick={() => revokeOthers.mutate()}>
              {stale
                ? "Sign out other sessions"
                : `Sign out ${others} other ${others === 1 ? "session" : "sessions"}`}
            </Button>
          </>
        }
      >
        Every other browser and device signed in as you is signed out at once. This one stays signed in.
      </Dialog>
    </Card>
  );
}
