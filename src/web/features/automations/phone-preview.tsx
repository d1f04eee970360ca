import { cx } from "../../ui/cx.ts";
import type { PreviewBubble, PreviewScene } from "./preview-model.ts";

/** A phone-style rendering of the preview model: the post with the comment, then the DM thread. */
export function PhonePreview({ scene, account }: { scene: PreviewScene; account: string }) {
  return (
    <div className="mx-auto w-full max-w-[340px] rounded-[2rem] border-8 border-slate-900 bg-white shadow-xl">
      <div className="flex items-center gap-2 border-b border-slate-200 px-4 py-2.5">
        <span aria-hidden className="h-7 w-7 rounded-full bg-gradient-to-br from-fuchsia-500 to-orange-400" />
        <span className="text-sm font-semibold">{account}</span>
      </div>
      <div className="max-h-[560px] space-y-3 overflow-y-auto px-3 py-3 text-sm">
        {scene.post && (
          <div className="rounded-xl border border-slate-200">
            <div
              aria-hidden
              className="grid h-28 place-items-center rounded-t-xl bg-gradient-to-br from-violet-200 via-fuchsia-100 to-amber-100 text-xs text-slate-500"
            >
              your post
            </div>
            <ul className="space-y-2 p-3" aria-label="Comments">
              <li>
                <span className="font-semibold">jane_doe </span>
                {scene.post.comment}
              </li>
              {scene.post.publicReplies.map((r, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: preview rows
                <li key={i} className="pl-5">
                  <span className="font-semibold">{account} </span>
                  {r.text}
                  {r.variation && <span className="ml-1 text-xs text-slate-400">({r.variation})</span>}
                </li>
              ))}
            </ul>
          </div>
        )}
        {scene.messages.length > 0 && (
          <ul className="space-y-2" aria-label="Direct messages">
            {scene.messages.map((b, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: preview rows
              <li key={i}>
                <Bubble bubble={b} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

const BUTTON_ROW =
  "border-b border-slate-200 px-3 py-2 text-center font-medium text-violet-700 last:border-b-0";
const CHIP = "rounded-full border border-violet-300 bg-white px-3 py-1 text-xs text-violet-700";

function Bubble({ bubble }: { bubble: PreviewBubble }) {
  if (bubble.kind === "note") {
    return <p className="px-2 text-center text-xs text-slate-500 italic">{bubble.text}</p>;
  }
  if (bubble.kind === "story") {
    return (
      <div className="ml-auto w-3/4 text-right">
        <div
          aria-hidden
          className="mb-1 ml-auto h-20 w-14 rounded-lg bg-gradient-to-b from-amber-200 to-fuchsia-300"
        />
        <p className="text-xs text-slate-500">Replied to your story</p>
        <span className="mt-1 inline-block rounded-2xl bg-violet-600 px-3 py-2 text-white">
          {bubble.text}
        </span>
      </div>
    );
  }
  if (bubble.kind === "media") {
    return (
      <div className="w-3/4 rounded-2xl bg-slate-100 px-3 py-2 text-slate-700">
        {bubble.mediaType === "image"
          ? "🖼️"
          : bubble.mediaType === "video"
            ? "🎬"
            : bubble.mediaType === "audio"
              ? "🎧"
              : "📎"}{" "}
        {bubble.mediaType}
        <span className="block truncate text-xs text-slate-500">{bubble.url || "(no URL yet)"}</span>
      </div>
    );
  }
  const mine = bubble.from === "person";
  return (
    <div className={cx("flex flex-col", mine ? "items-end" : "items-start")}>
      {bubble.label && <p className="mb-0.5 text-xs text-slate-500">{bubble.label}</p>}
      <div
        className={cx(
          "max-w-[85%] overflow-hidden rounded-2xl",
          mine ? "bg-violet-600 text-white" : "border border-slate-200 bg-slate-100 text-slate-900",
        )}
      >
        <p className="px-3 py-2 break-words whitespace-pre-wrap">{bubble.text}</p>
        {bubble.buttons && (
          <ul className="border-t border-slate-200 bg-white">
            {bubble.buttons.map((b, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: buttons are positional
              <li key={i} className={BUTTON_ROW}>
                {b.kind === "link" ? "↗ " : ""}
                {b.title || "(title)"}
              </li>
            ))}
          </ul>
        )}
      </div>
      {bubble.variation && <p className="mt-0.5 text-[11px] text-slate-400">variation {bubble.variation}</p>}
      {bubble.quickReplies && (
        <ul className="mt-1.5 flex flex-wrap gap-1.5" aria-label="Quick replies">
          {bubble.quickReplies.map((q, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: chips are positional
            <li key={i} className={CHIP}>
              {q || "(title)"}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
