import { embedFor } from "../lib/video-embed-url.ts";
import { cx } from "./cx.ts";

/**
 * A short how-to video from the operator's settings (ONBOARDING_VIDEO_*), or — none set — a
 * quiet card that says in words what the video would have shown.
 */
export function VideoEmbed({
  url,
  title,
  summary,
  className,
}: {
  url: string | null | undefined;
  title: string;
  summary: string;
  className?: string;
}) {
  if (!url) {
    return (
      <figure
        className={cx(
          "flex aspect-video flex-col items-center justify-center gap-2 rounded-xl bg-gradient-to-br from-violet-50 to-orange-50 p-4 text-center",
          className,
        )}
      >
        <span
          aria-hidden
          className="grid h-10 w-10 place-items-center rounded-full bg-white text-violet-600 shadow"
        >
          ▶
        </span>
        <figcaption>
          <span className="block text-sm font-medium text-slate-800">{title}</span>
          <span className="mt-1 block text-xs text-slate-600">{summary}</span>
        </figcaption>
      </figure>
    );
  }
  const embed = embedFor(url);
  return (
    <figure className={className}>
      {embed.kind === "iframe" ? (
        <iframe
          src={embed.src}
          title={title}
          loading="lazy"
          allow="encrypted-media; picture-in-picture; fullscreen"
          referrerPolicy="strict-origin-when-cross-origin"
          className="aspect-video w-full rounded-xl border-0"
        />
      ) : (
        // biome-ignore lint/a11y/useMediaCaption: operator-provided how-to clips come without caption files
        <video
          src={embed.src}
          controls
          preload="metadata"
          className="aspect-video w-full rounded-xl bg-black"
        />
      )}
      <figcaption className="mt-1 text-xs text-slate-600">{title}</figcaption>
    </figure>
  );
}
