/** A YouTube / Vimeo page link → its embeddable player; a file URL stays a file. */
export function embedFor(url: string): { kind: "iframe" | "video"; src: string } {
  try {
    const u = new URL(url);
    const host = u.hostname.replace(/^www\./, "");
    if (host === "youtube.com" || host === "m.youtube.com") {
      const id = u.searchParams.get("v") ?? u.pathname.split("/").pop();
      if (u.pathname.startsWith("/embed/")) return { kind: "iframe", src: url };
      if (id)
        return { kind: "iframe", src: `https://www.youtube-nocookie.com/embed/${encodeURIComponent(id)}` };
    }
    if (host === "youtu.be") {
      return {
        kind: "iframe",
        src: `https://www.youtube-nocookie.com/embed/${encodeURIComponent(u.pathname.slice(1))}`,
      };
    }
    if (host === "vimeo.com") {
      return {
        kind: "iframe",
        src: `https://player.vimeo.com/video/${encodeURIComponent(u.pathname.slice(1))}`,
      };
    }
    if (host === "player.vimeo.com" || host === "youtube-nocookie.com") return { kind: "iframe", src: url };
  } catch {
    // not a URL: shown as a file, which simply will not play
  }
  return { kind: "video", src: url };
}
