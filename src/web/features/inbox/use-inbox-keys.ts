import { useEffect, useRef } from "react";

/**
 * The inbox's keyboard: j / k move through the conversations, r focuses the reply box, e marks
 * the open one done (read). Ignored while typing in a field.
 */
export function useInboxKeys(opts: {
  ids: string[];
  selectedId: string | undefined;
  select: (id: string) => void;
  focusReply: () => void;
  markDone: () => void;
}) {
  const current = useRef(opts);
  current.current = opts;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable=true], dialog")) return;
      const { ids, selectedId, select, focusReply, markDone } = current.current;
      const at = selectedId ? ids.indexOf(selectedId) : -1;
      if (e.key === "j" || e.key === "k") {
        const next = e.key === "j" ? Math.min(ids.length - 1, at + 1) : Math.max(0, at - 1);
        const id = ids[next];
        if (id && id !== selectedId) select(id);
      } else if (e.key === "r" && selectedId) {
        e.preventDefault();
        focusReply();
      } else if (e.key === "e" && selectedId) markDone();
      else return;
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
