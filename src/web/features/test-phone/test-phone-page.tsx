import { useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useId, useState } from "react";
import { ApiError, errorMessage } from "../../lib/api-client.ts";
import { Button, buttonClass } from "../../ui/button.tsx";
import { Badge, PageHeader } from "../../ui/card.tsx";
import { cx } from "../../ui/cx.ts";
import { inputClass } from "../../ui/field.tsx";
import { EmptyState, ErrorState, LoadingState } from "../../ui/states.tsx";
import { useToast } from "../../ui/toast.tsx";
import { useAccounts } from "../automations/automations-api.ts";
import { Actions } from "./person-actions.tsx";
import { Conversation, QuickDm } from "./phone-conversation.tsx";
import {
  type SandboxPerson,
  sandbox,
  usePeople,
  useSandboxAvailable,
  useSandboxStream,
  useThread,
} from "./sandbox-api.ts";
import { threadBubbles, windowState } from "./thread-model.ts";

/** /test-phone: play a simulated person against the sandbox account and watch autodm answer. */
export function TestPhonePage() {
  const available = useSandboxAvailable();
  const accounts = useAccounts();
  const sandboxAccounts = (accounts.data ?? []).filter((a) => a.loginType === "sandbox");
  const header = (
    <PageHeader
      title="Test phone"
      description="Be one of your followers in the sandbox: comment, write, reply to a story — and watch autodm answer."
    />
  );
  if (available.isLoading || accounts.isLoading) return <LoadingState label="Opening the test phone…" />;
  if (available.isError) {
    const off = available.error instanceof ApiError && available.error.status === 404;
    return (
      <div>
        {header}
        {off ? (
          <EmptyState title="The sandbox is off on this installation">
            The test phone plays against autodm's simulated Instagram, which this server does not run.
          </EmptyState>
        ) : (
          <ErrorState error={available.error} retry={() => available.refetch()} />
        )}
      </div>
    );
  }
  if (accounts.isError) return <ErrorState error={accounts.error} retry={() => accounts.refetch()} />;
  if (sandboxAccounts.length === 0) {
    return (
      <div>
        {header}
        <EmptyState
          title="Connect the sandbox account first"
          action={
            <Link to="/accounts" search={{ connected: undefined }} className={buttonClass()}>
              Go to Accounts
            </Link>
          }
        >
          The test phone talks to a simulated Instagram account. Connect it (one click) and come back.
        </EmptyState>
      </div>
    );
  }
  return (
    <div>
      {header}
      <Phone accounts={sandboxAccounts.map((a) => ({ igId: a.igUserId, username: a.username }))} />
    </div>
  );
}

function Phone({ accounts }: { accounts: { igId: string; username: string }[] }) {
  const [accountIg, setAccountIg] = useState(accounts[0]?.igId ?? "");
  const account = accounts.find((a) => a.igId === accountIg) ?? accounts[0];
  const people = usePeople();
  const [personId, setPersonId] = useState<string>("");
  const person = people.data?.find((p) => p.igsid === personId) ?? people.data?.[0];
  const thread = useThread(account?.igId, person?.igsid);
  const live = useSandboxStream(account?.igId);
  const clock = useSandboxAvailable();
  const bubbles = threadBubbles(thread.data ?? []);
  const win = windowState(thread.data ?? [], clock.data?.nowMs ?? Date.now());
  const toast = useToast();
  const queryClient = useQueryClient();

  const act = async (what: () => Promise<unknown>, after?: () => void) => {
    try {
      await what();
      after?.();
      await queryClient.invalidateQueries({ queryKey: ["sandbox"] });
    } catch (error) {
      toast(errorMessage(error), "error");
    }
  };

  if (people.isLoading) return <LoadingState label="Loading people…" />;
  if (people.isError) return <ErrorState error={people.error} retry={() => people.refetch()} />;
  if (!account || !person) return null;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_380px]">
      <div className="space-y-4">
        <section aria-label="Who" className="rounded-xl border border-slate-200 bg-white p-4">
          <div className="grid gap-3 sm:grid-cols-2">
            {accounts.length > 1 && (
              <label className="text-sm">
                <span className="block font-medium text-slate-800">Account</span>
                <select
                  className={`${inputClass} mt-1`}
                  value={account.igId}
                  onChange={(e) => setAccountIg(e.target.value)}
                >
                  {accounts.map((a) => (
                    <option key={a.igId} value={a.igId}>
                      @{a.username}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label className="text-sm">
              <span className="block font-medium text-slate-800">Simulated person</span>
              <select
                className={`${inputClass} mt-1`}
                value={person.igsid}
                onChange={(e) => setPersonId(e.target.value)}
              >
                {(people.data ?? []).map((p) => (
                  <option key={p.igsid} value={p.igsid}>
                    @{p.username}
                    {p.name ? ` (${p.name})` : ""}
                  </option>
                ))}
              </select>
            </label>
            <NewPerson onCreated={(p) => setPersonId(p.igsid)} />
          </div>
        </section>
        <Actions
          accountIg={account.igId}
          person={person}
          lastBusinessMid={[...bubbles].reverse().find((b) => b.from === "business")?.mid}
          act={act}
        />
        <section aria-label="Clock" className="rounded-xl border border-slate-200 bg-white p-4 text-sm">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <div>
              <p className="font-medium">Sandbox clock</p>
              <p className="text-slate-600">
                {clock.data ? new Date(clock.data.nowMs).toLocaleString() : "…"}
                {clock.data && clock.data.offsetMs > 0 && (
                  <> · {Math.round(clock.data.offsetMs / 3_600_000)} h ahead of real time</>
                )}
              </p>
            </div>
            <Button
              variant="secondary"
              size="sm"
              onClick={() =>
                act(
                  () => sandbox.advanceClock(25 * 3_600_000),
                  () => toast("25 hours later: the 24-hour window is now closed", "info"),
                )
              }
            >
              Advance 25 hours
            </Button>
          </div>
          <p className="mt-2 text-xs text-slate-500">
            Instagram lets a business message someone only within 24 hours of their last message. Jump ahead
            to see what autodm does when the window has closed (the activity log explains it).
          </p>
        </section>
      </div>

      <div className="lg:sticky lg:top-4 lg:self-start">
        <div className="mb-2 flex items-center justify-between text-sm">
          <span className="inline-flex items-center gap-2 text-slate-600">
            <span
              aria-hidden
              className={cx("h-2.5 w-2.5 rounded-full", live ? "bg-emerald-500" : "bg-slate-300")}
            />
            {live ? "Live" : "Connecting…"}
          </span>
          <Badge tone={win.open ? "green" : "red"}>
            {win.open ? `Window open · ${Math.floor(win.hoursLeft)} h left` : "Window closed"}
          </Badge>
        </div>
        <div className="mx-auto w-full max-w-[360px] rounded-[2rem] border-8 border-slate-900 bg-white shadow-xl">
          <div className="flex items-center gap-2 border-b border-slate-200 px-4 py-2.5">
            <span
              aria-hidden
              className="h-7 w-7 rounded-full bg-gradient-to-br from-fuchsia-500 to-orange-400"
            />
            <span className="text-sm font-semibold">@{account.username}</span>
            <span className="ml-auto text-xs text-slate-500">you are @{person.username}</span>
          </div>
          <Conversation
            bubbles={bubbles}
            loading={thread.isLoading}
            onQuickReply={(q) =>
              act(() =>
                sandbox.dm(person.igsid, {
                  accountId: account.igId,
                  text: q.title,
                  quickReplyPayload: q.payload,
                }),
              )
            }
            onPostback={(b) =>
              act(() =>
                sandbox.postback(person.igsid, {
                  accountId: account.igId,
                  title: b.title,
                  payload: b.payload,
                }),
              )
            }
            onReact={(mid) => act(() => sandbox.react(person.igsid, { mid }))}
          />
          <QuickDm accountIg={account.igId} person={person} act={act} />
        </div>
      </div>
    </div>
  );
}

function NewPerson({ onCreated }: { onCreated: (p: SandboxPerson) => void }) {
  const [username, setUsername] = useState("");
  const [follows, setFollows] = useState(true);
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const queryClient = useQueryClient();
  const id = useId();
  const create = async () => {
    setBusy(true);
    try {
      const { person } = await sandbox.createPerson(username.trim().toLowerCase(), follows);
      await queryClient.invalidateQueries({ queryKey: ["sandbox", "people"] });
      onCreated(person);
      setUsername("");
      toast(`@${person.username} created`);
    } catch (error) {
      toast(errorMessage(error), "error");
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="text-sm sm:col-span-2">
      <label htmlFor={id} className="block font-medium text-slate-800">
        Create a person (username)
      </label>
      <div className="mt-1 flex flex-wrap gap-2">
        <input
          id={id}
          className={`${inputClass} min-w-0 flex-1 basis-40`}
          placeholder="username"
          pattern="[a-z0-9._]{1,30}"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <label className="inline-flex items-center gap-2">
          <input
            type="checkbox"
            className="accent-violet-600"
            checked={follows}
            onChange={(e) => setFollows(e.target.checked)}
          />
          follows the account
        </label>
        <Button
          variant="secondary"
          size="sm"
          busy={busy}
          disabled={!/^[a-z0-9._]{1,30}$/i.test(username.trim())}
          onClick={create}
        >
          Create
        </Button>
      </div>
    </div>
  );
}
