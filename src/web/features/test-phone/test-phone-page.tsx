import { useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { ApiError, errorMessage } from "../../lib/api-client.ts";
import { Button, buttonClass } from "../../ui/button.tsx";
import { Badge, PageHeader } from "../../ui/card.tsx";
import { cx } from "../../ui/cx.ts";
import { inputClass } from "../../ui/field.tsx";
import { EmptyState, ErrorState, LoadingState } from "../../ui/states.tsx";
import { useToast } from "../../ui/toast.tsx";
import { useAccounts } from "../automations/automations-api.ts";
import {
  type SandboxPerson,
  sandbox,
  useComments,
  usePeople,
  useSandboxAvailable,
  useSandboxMedia,
  useSandboxStream,
  useThread,
} from "./sandbox-api.ts";
import { type PhoneBubble, threadBubbles, windowState } from "./thread-model.ts";

const TABS = [
  ["comment", "Comment"],
  ["dm", "DM"],
  ["story_reply", "Story reply"],
  ["story_mention", "Story mention"],
  ["react", "React"],
] as const;
type Tab = (typeof TABS)[number][0];

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
        New simulated person
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

type Act = (what: () => Promise<unknown>, after?: () => void) => Promise<void>;

function Actions({
  accountIg,
  person,
  lastBusinessMid,
  act,
}: {
  accountIg: string;
  person: SandboxPerson;
  lastBusinessMid: string | undefined;
  act: Act;
}) {
  const [tab, setTab] = useState<Tab>("comment");
  const media = useSandboxMedia(accountIg);
  const posts = (media.data ?? []).filter((m) => m.kind !== "story");
  const stories = (media.data ?? []).filter((m) => m.kind === "story");
  const [mediaId, setMediaId] = useState("");
  const post = posts.find((p) => p.id === mediaId) ?? posts[0];
  const [storyId, setStoryId] = useState("");
  const story = stories.find((s) => s.id === storyId) ?? stories[0];
  const [text, setText] = useState("");
  const tabsRef = useRef<HTMLDivElement>(null);
  const baseId = useId();
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex(([t]) => t === tab);
    const next = e.key === "ArrowRight" ? i + 1 : e.key === "ArrowLeft" ? i - 1 : null;
    if (next === null) return;
    const t = TABS[(next + TABS.length) % TABS.length];
    if (!t) return;
    setTab(t[0]);
    tabsRef.current?.querySelector<HTMLButtonElement>(`[data-tab="${t[0]}"]`)?.focus();
  };
  const send = (what: () => Promise<unknown>) => act(what, () => setText(""));
  return (
    <section aria-label="What the person does" className="rounded-xl border border-slate-200 bg-white p-4">
      <div
        ref={tabsRef}
        role="tablist"
        aria-label="Action"
        className="flex flex-wrap gap-1"
        onKeyDown={onKey}
      >
        {TABS.map(([t, label]) => (
          <button
            key={t}
            type="button"
            role="tab"
            data-tab={t}
            id={`${baseId}-${t}`}
            aria-selected={tab === t}
            aria-controls={`${baseId}-panel`}
            tabIndex={tab === t ? 0 : -1}
            onClick={() => setTab(t)}
            className={cx(
              "rounded-lg px-3 py-1.5 text-sm",
              tab === t ? "bg-violet-600 text-white" : "text-slate-700 hover:bg-slate-100",
            )}
          >
            {label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${baseId}-panel`}
        aria-labelledby={`${baseId}-${tab}`}
        className="mt-4 space-y-3"
      >
        {tab === "comment" &&
          (posts.length === 0 ? (
            <p className="text-sm text-slate-600">This account has no post yet.</p>
          ) : (
            <>
              <label className="block text-sm">
                <span className="block font-medium text-slate-800">Post</span>
                <select
                  className={`${inputClass} mt-1`}
                  value={post?.id ?? ""}
                  onChange={(e) => setMediaId(e.target.value)}
                >
                  {posts.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.kind === "reel" ? "Reel" : p.kind === "live" ? "Live" : "Post"}: {p.caption || p.id}
                    </option>
                  ))}
                </select>
              </label>
              <TextAndSend
                label="Comment text"
                button="Post comment"
                text={text}
                setText={setText}
                onSend={() => post && send(() => sandbox.comment(person.igsid, { mediaId: post.id, text }))}
              />
              {post && <Comments mediaId={post.id} />}
            </>
          ))}
        {tab === "dm" && (
          <TextAndSend
            label="Message text"
            button="Send DM"
            text={text}
            setText={setText}
            onSend={() => send(() => sandbox.dm(person.igsid, { accountId: accountIg, text }))}
          />
        )}
        {tab === "story_reply" &&
          (stories.length === 0 ? (
            <p className="text-sm text-slate-600">This account has no story right now.</p>
          ) : (
            <>
              <label className="block text-sm">
                <span className="block font-medium text-slate-800">Story</span>
                <select
                  className={`${inputClass} mt-1`}
                  value={story?.id ?? ""}
                  onChange={(e) => setStoryId(e.target.value)}
                >
                  {stories.map((s) => (
                    <option key={s.id} value={s.id}>
                      Story {s.id}
                    </option>
                  ))}
                </select>
              </label>
              <TextAndSend
                label="Reply text"
                button="Reply to story"
                text={text}
                setText={setText}
                onSend={() =>
                  story && send(() => sandbox.storyReply(person.igsid, { storyId: story.id, text }))
                }
              />
            </>
          ))}
        {tab === "story_mention" && (
          <div className="space-y-2 text-sm">
            <p className="text-slate-600">@{person.username} posts a story that mentions the account.</p>
            <Button onClick={() => act(() => sandbox.storyMention(person.igsid, { accountId: accountIg }))}>
              Mention in a story
            </Button>
          </div>
        )}
        {tab === "react" && (
          <div className="space-y-2 text-sm">
            <p className="text-slate-600">
              React ❤️ to the account's last message (or use the heart next to any message in the phone).
            </p>
            <Button
              disabled={!lastBusinessMid}
              onClick={() =>
                lastBusinessMid && act(() => sandbox.react(person.igsid, { mid: lastBusinessMid }))
              }
            >
              React to the last message
            </Button>
            {!lastBusinessMid && <p className="text-xs text-slate-500">No message from the account yet.</p>}
          </div>
        )}
      </div>
    </section>
  );
}

function TextAndSend({
  label,
  button,
  text,
  setText,
  onSend,
}: {
  label: string;
  button: string;
  text: string;
  setText: (t: string) => void;
  onSend: () => void;
}) {
  const id = useId();
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) onSend();
      }}
    >
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="flex gap-2">
        <input id={id} className={inputClass} value={text} onChange={(e) => setText(e.target.value)} />
        <Button type="submit" disabled={!text.trim()}>
          {button}
        </Button>
      </div>
    </form>
  );
}

function Comments({ mediaId }: { mediaId: string }) {
  const comments = useComments(mediaId);
  const people = usePeople();
  const name = (id: string | null) =>
    id === null ? "the account" : `@${people.data?.find((p) => p.igsid === id)?.username ?? id}`;
  const top = (comments.data ?? []).filter((c) => !c.parentId).slice(-8);
  if (top.length === 0) return <p className="text-xs text-slate-500">No comment under this post yet.</p>;
  return (
    <ul aria-label="Comments under the post" className="space-y-2 rounded-lg bg-slate-50 p-3 text-sm">
      {top.map((c) => (
        <li key={c.id}>
          <span className="font-semibold">{name(c.personId)} </span>
          {c.text}
          <ul className="mt-1 space-y-1 pl-5">
            {(comments.data ?? [])
              .filter((r) => r.parentId === c.id)
              .map((r) => (
                <li key={r.id}>
                  <span className="font-semibold">{name(r.personId)} </span>
                  {r.text}
                </li>
              ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

function Conversation({
  bubbles,
  loading,
  onQuickReply,
  onPostback,
  onReact,
}: {
  bubbles: PhoneBubble[];
  loading: boolean;
  onQuickReply: (q: { title: string; payload: string }) => void;
  onPostback: (b: { title: string; payload: string }) => void;
  onReact: (mid: string) => void;
}) {
  const end = useRef<HTMLDivElement>(null);
  const count = bubbles.length;
  useEffect(() => {
    if (count > 0) end.current?.scrollIntoView?.({ block: "nearest" });
  }, [count]);
  const last = bubbles.at(-1);
  return (
    <div
      role="log"
      aria-label="Conversation"
      aria-live="polite"
      className="h-[460px] space-y-2 overflow-y-auto px-3 py-3 text-sm"
    >
      {loading && <p className="text-center text-xs text-slate-500">Loading…</p>}
      {!loading && bubbles.length === 0 && (
        <p className="mt-16 text-center text-xs text-slate-500">
          No messages yet. Comment or write to start.
        </p>
      )}
      <ul className="space-y-2">
        {bubbles.map((b) => (
          <li key={b.key}>
            <Bubble
              bubble={b}
              showQuickReplies={b === last}
              onQuickReply={onQuickReply}
              onPostback={onPostback}
              onReact={onReact}
            />
          </li>
        ))}
      </ul>
      <div ref={end} />
    </div>
  );
}

function Bubble({
  bubble: b,
  showQuickReplies,
  onQuickReply,
  onPostback,
  onReact,
}: {
  bubble: PhoneBubble;
  showQuickReplies: boolean;
  onQuickReply: (q: { title: string; payload: string }) => void;
  onPostback: (b: { title: string; payload: string }) => void;
  onReact: (mid: string) => void;
}) {
  if (b.from === "system") return <p className="text-center text-xs text-slate-500 italic">{b.text}</p>;
  const mine = b.from === "person";
  return (
    <div className={cx("flex flex-col", mine ? "items-end" : "items-start")}>
      {b.label && <p className="mb-0.5 text-xs text-slate-500">{b.label}</p>}
      <div className="flex max-w-[88%] items-end gap-1">
        <div
          className={cx(
            "min-w-0 overflow-hidden rounded-2xl",
            mine ? "bg-violet-600 text-white" : "border border-slate-200 bg-slate-100 text-slate-900",
          )}
        >
          {b.media ? (
            <p className="px-3 py-2">
              📎 {b.media.type}
              <span className="block truncate text-xs opacity-70">{b.media.url}</span>
            </p>
          ) : (
            <p className="px-3 py-2 break-words whitespace-pre-wrap">{b.text}</p>
          )}
          {b.buttons && b.buttons.length > 0 && (
            <div className="border-t border-slate-200 bg-white">
              {b.buttons.map((btn) =>
                btn.type === "web_url" ? (
                  <a
                    key={`${btn.title}:${btn.url}`}
                    href={btn.url}
                    target="_blank"
                    rel="noreferrer noopener"
                    className="block border-b border-slate-200 px-3 py-2 text-center font-medium text-violet-700 last:border-b-0 hover:bg-violet-50"
                  >
                    ↗ {btn.title}
                  </a>
                ) : (
                  <button
                    key={`${btn.title}:${btn.payload}`}
                    type="button"
                    onClick={() => onPostback(btn)}
                    className="block w-full border-b border-slate-200 px-3 py-2 text-center font-medium text-violet-700 last:border-b-0 hover:bg-violet-50"
                  >
                    {btn.title}
                  </button>
                ),
              )}
            </div>
          )}
        </div>
        {!mine && (
          <button
            type="button"
            aria-label="React ❤️ to this message"
            className="rounded-full px-1 text-xs text-slate-400 hover:text-red-500"
            onClick={() => onReact(b.mid)}
          >
            ♥
          </button>
        )}
      </div>
      {showQuickReplies && b.quickReplies && (
        <div className="mt-1.5 flex flex-wrap gap-1.5">
          {b.quickReplies.map((q) => (
            <button
              key={`${q.title}:${q.payload}`}
              type="button"
              onClick={() => onQuickReply(q)}
              className="rounded-full border border-violet-300 bg-white px-3 py-1 text-xs text-violet-700 hover:bg-violet-50"
            >
              {q.title}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

function QuickDm({ accountIg, person, act }: { accountIg: string; person: SandboxPerson; act: Act }) {
  const [text, setText] = useState("");
  const id = useId();
  return (
    <form
      className="flex gap-2 border-t border-slate-200 p-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim())
          void act(
            () => sandbox.dm(person.igsid, { accountId: accountIg, text }),
            () => setText(""),
          );
      }}
    >
      <label htmlFor={id} className="sr-only">
        Message
      </label>
      <input
        id={id}
        className="min-w-0 flex-1 rounded-full border border-slate-300 px-3 py-1.5 text-sm"
        placeholder="Message…"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <Button type="submit" size="sm" disabled={!text.trim()}>
        Send
      </Button>
    </form>
  );
}
