import { type KeyboardEvent, useId, useRef, useState } from "react";
import { Button } from "../../ui/button.tsx";
import { cx } from "../../ui/cx.ts";
import { inputClass } from "../../ui/field.tsx";
import { type SandboxPerson, sandbox, useComments, usePeople, useSandboxMedia } from "./sandbox-api.ts";

const TABS = [
  ["comment", "Comment"],
  ["dm", "DM"],
  ["story_reply", "Story reply"],
  ["story_mention", "Story mention"],
  ["react", "React"],
  ["ref", "ig.me link"],
] as const;
type Tab = (typeof TABS)[number][0];

export type Act = (what: () => Promise<unknown>, after?: () => void) => Promise<void>;

/** What the simulated person does: comment, DM, reply to a story, mention, react. */
export function Actions({
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
        {tab === "ref" && (
          <TextAndSend
            label="Link ref (ig.me/m/account?ref=…)"
            button="Open the link"
            text={text}
            setText={setText}
            onSend={() =>
              send(() => sandbox.referral(person.igsid, { accountId: accountIg, ref: text.trim() }))
            }
          />
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
