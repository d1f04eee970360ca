import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { api, errorMessage } from "../../lib/api-client.ts";
import type { InstagramAccountView } from "../../lib/api-types.ts";
import { type ConnectOptions, queries } from "../../lib/dashboard-queries.ts";
import { useMe } from "../../lib/use-me.ts";
import { Button, buttonClass } from "../../ui/button.tsx";
import { Badge, Card, PageHeader } from "../../ui/card.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { EmptyState, ErrorState, LoadingState } from "../../ui/states.tsx";
import { useToast } from "../../ui/toast.tsx";

type Method = InstagramAccountView["loginType"];

const METHODS: { method: Method; title: string; text: string; unavailable: string }[] = [
  {
    method: "instagram",
    title: "Instagram Login",
    text: "For Business and Creator accounts. The simplest way in.",
    unavailable: "Needs a Meta app with Instagram Login (INSTAGRAM_APP_ID and INSTAGRAM_APP_SECRET).",
  },
  {
    method: "facebook",
    title: "Facebook Login",
    text: "For accounts linked to a Facebook Page you manage.",
    unavailable: "Needs a Meta app with Facebook Login (META_APP_ID and META_APP_SECRET).",
  },
  {
    method: "sandbox",
    title: "Sandbox",
    text: "A simulated Instagram with a demo shop and followers: try everything before going live.",
    unavailable: "The sandbox is switched off on this server (SANDBOX=off).",
  },
];

export const connectUrl = (method: Method) =>
  `/api/instagram/connect/${method}/start?returnTo=${encodeURIComponent("/accounts")}`;

const STATUS: Record<
  InstagramAccountView["status"],
  { tone: "green" | "amber" | "red"; label: string; help: string }
> = {
  connected: { tone: "green", label: "Connected", help: "Receiving events and sending replies." },
  expiring: {
    tone: "amber",
    label: "Expiring soon",
    help: "autodm renews the access on its own; if it cannot, reconnect before it expires.",
  },
  expired: {
    tone: "red",
    label: "Expired",
    help: "Instagram no longer accepts this access: reconnect to resume. Waiting replies go out after you do.",
  },
  error: { tone: "red", label: "Error", help: "Reconnect to fix it." },
  disconnected: {
    tone: "red",
    label: "Disconnected",
    help: "Removed from autodm in Instagram's settings; its access was deleted. Reconnect to use it again.",
  },
};

const LOGIN_LABEL: Record<Method, string> = {
  instagram: "Instagram Login",
  facebook: "Facebook Login",
  sandbox: "Sandbox",
};

function ConnectPanel({ options }: { options: ConnectOptions }) {
  return (
    <section aria-labelledby="connect-title" className="mb-8">
      <h2 id="connect-title" className="mb-3 text-lg font-semibold">
        Connect an account
      </h2>
      <ul className="grid gap-3 md:grid-cols-3">
        {METHODS.map((m) => {
          const available = options[m.method];
          return (
            <li key={m.method}>
              <Card className="flex h-full flex-col">
                <p className="font-medium">{m.title}</p>
                <p className="mt-1 flex-1 text-sm text-slate-600">{available ? m.text : m.unavailable}</p>
                <div className="mt-4">
                  {available ? (
                    <a
                      href={connectUrl(m.method)}
                      className={buttonClass(
                        m.method === "sandbox" && (options.instagram || options.facebook)
                          ? "secondary"
                          : "primary",
                        "sm",
                      )}
                    >
                      Connect with {m.title}
                    </a>
                  ) : (
                    <Link to="/get-started" className="text-sm font-medium text-violet-700 underline">
                      How to set it up
                    </Link>
                  )}
                </div>
              </Card>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function AccountRow({ account, onDisconnect }: { account: InstagramAccountView; onDisconnect?: () => void }) {
  const { can } = useMe();
  const status = STATUS[account.status];
  const expires = account.tokenExpiresAt ? new Date(account.tokenExpiresAt) : null;
  return (
    <li>
      <Card className="flex flex-col gap-3 sm:flex-row sm:items-center">
        <div className="flex min-w-0 flex-1 items-center gap-3">
          {account.profilePictureUrl ? (
            <img
              src={account.profilePictureUrl}
              alt=""
              className="h-11 w-11 shrink-0 rounded-full object-cover"
            />
          ) : (
            <span
              aria-hidden
              className="grid h-11 w-11 shrink-0 place-items-center rounded-full bg-gradient-to-br from-fuchsia-500 to-orange-400 font-semibold text-white"
            >
              {account.username.slice(0, 1).toUpperCase()}
            </span>
          )}
          <div className="min-w-0">
            <p className="flex flex-wrap items-center gap-2">
              <span className="truncate font-semibold">@{account.username}</span>
              <Badge tone={status.tone}>{status.label}</Badge>
              <Badge tone={account.loginType === "sandbox" ? "violet" : "slate"}>
                {LOGIN_LABEL[account.loginType]}
              </Badge>
            </p>
            <p className="mt-0.5 text-sm text-slate-600">
              {account.statusReason ? (
                <span className="text-red-800">
                  {/[.!?]$/.test(account.statusReason)
                    ? account.statusReason
                    : `${account.statusReason}.`}{" "}
                </span>
              ) : null}
              {status.help}
              {expires && account.status !== "expired" && (
                <> Access valid until {expires.toLocaleDateString(undefined, { dateStyle: "medium" })}.</>
              )}
            </p>
          </div>
        </div>
        <div className="flex shrink-0 flex-wrap gap-2">
          {can("accounts:connect") && (
            <a
              href={connectUrl(account.loginType)}
              className={buttonClass(account.status === "connected" ? "secondary" : "primary", "sm")}
            >
              Reconnect<span className="sr-only"> @{account.username}</span>
            </a>
          )}
          {onDisconnect && (
            <Button variant="ghost" size="sm" className="text-red-700" onClick={onDisconnect}>
              Disconnect<span className="sr-only"> @{account.username}</span>
            </Button>
          )}
        </div>
      </Card>
    </li>
  );
}

export function AccountsPage() {
  const { can } = useMe();
  const accounts = useQuery(queries.accounts());
  const options = useQuery({ ...queries.connectOptions(), enabled: can("accounts:connect") });
  const queryClient = useQueryClient();
  const toast = useToast();
  const [confirm, setConfirm] = useState<InstagramAccountView | null>(null);
  const disconnect = useMutation({
    mutationFn: (id: string) => api.delete(`/api/instagram/accounts/${encodeURIComponent(id)}`),
    onSuccess: async (_d, id) => {
      const gone = accounts.data?.find((a) => a.id === id);
      setConfirm(null);
      toast(`@${gone?.username ?? "account"} is disconnected.`);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["accounts"] }),
        queryClient.invalidateQueries({ queryKey: ["onboarding"] }),
      ]);
    },
    onError: (error) => toast(errorMessage(error), "error"),
  });

  return (
    <>
      <PageHeader
        title="Accounts"
        description="The Instagram accounts autodm answers for. Tokens are stored encrypted and renewed automatically."
      />
      {can("accounts:connect") &&
        (options.isPending ? (
          <LoadingState label="Loading the ways to connect…" />
        ) : options.isError ? (
          <ErrorState error={options.error} retry={() => options.refetch()} />
        ) : (
          <ConnectPanel options={options.data} />
        ))}
      <section aria-labelledby="connected-title">
        <h2 id="connected-title" className="mb-3 text-lg font-semibold">
          Connected accounts
        </h2>
        {accounts.isPending ? (
          <LoadingState label="Loading accounts…" />
        ) : accounts.isError ? (
          <ErrorState error={accounts.error} retry={() => accounts.refetch()} />
        ) : accounts.data.length === 0 ? (
          <EmptyState title="No account connected yet">
            {can("accounts:connect")
              ? "Connect one above. No Meta app yet? The sandbox shows autodm at work in a minute."
              : "Ask an owner, admin or editor of this workspace to connect one."}
          </EmptyState>
        ) : (
          <ul aria-label="Connected accounts" className="flex flex-col gap-3">
            {accounts.data.map((a) => (
              <AccountRow
                key={a.id}
                account={a}
                {...(can("accounts:manage") ? { onDisconnect: () => setConfirm(a) } : {})}
              />
            ))}
          </ul>
        )}
      </section>
      <Dialog
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        title={`Disconnect @${confirm?.username ?? ""}?`}
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirm(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              busy={disconnect.isPending}
              onClick={() => confirm && disconnect.mutate(confirm.id)}
            >
              Disconnect
            </Button>
          </>
        }
      >
        autodm stops answering for this account and forgets its access token. Its automations stay; you can
        connect it again at any time.
      </Dialog>
    </>
  );
}
