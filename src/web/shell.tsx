import { type HealthState, useHealth } from "./use-health.ts";

const DOCS = [
  { href: "/docs/README.md", title: "Getting started", text: "Install, configure and deploy autodm." },
  { href: "/docs/architecture.md", title: "Architecture", text: "How a webhook becomes a reply." },
  { href: "/docs/benchmarks.md", title: "Benchmarks", text: "Measured throughput and latency." },
];

const FEATURES = [
  ["Comment to DM", "Someone comments a keyword under a post and gets the link by private reply."],
  ["Keyword replies", "Answer DMs by keyword, with quick replies and buttons."],
  ["Story triggers", "Thank people who mention you or reply to your stories."],
  ["AI answers", "Short, on-brand answers from your FAQ — with or without an AI provider."],
];

function StatusBadge({ state }: { state: HealthState }) {
  if (state.kind === "loading") {
    return <span className="rounded-full bg-slate-200 px-3 py-1 text-sm text-slate-600">Checking…</span>;
  }
  if (state.kind === "error") {
    return (
      <span role="status" className="rounded-full bg-red-100 px-3 py-1 text-sm text-red-800">
        Offline: {state.message}
      </span>
    );
  }
  const { health } = state;
  const ok = health.status === "ok";
  return (
    <span
      role="status"
      className={`rounded-full px-3 py-1 text-sm ${ok ? "bg-emerald-100 text-emerald-800" : "bg-amber-100 text-amber-900"}`}
    >
      {ok ? "All systems running" : `Degraded — database ${health.db}, queue ${health.queue}`} · v
      {health.version}
    </span>
  );
}

export function Shell() {
  const health = useHealth();
  return (
    <div className="mx-auto flex min-h-screen max-w-4xl flex-col px-5 py-8">
      <header className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-2">
          <span
            aria-hidden
            className="grid h-9 w-9 place-items-center rounded-xl bg-gradient-to-br from-fuchsia-500 to-orange-400 font-bold text-white"
          >
            a
          </span>
          <span className="text-xl font-semibold tracking-tight">autodm</span>
        </div>
        <StatusBadge state={health} />
      </header>

      <main className="mt-12 flex-1">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">
          Instagram DMs that answer themselves.
        </h1>
        <p className="mt-3 max-w-2xl text-lg text-slate-600">
          autodm replies to comments, DMs and story mentions in seconds, within Meta's rules — on your own
          machine. The full dashboard arrives next; the engine is already running.
        </p>

        <ul className="mt-8 grid gap-4 sm:grid-cols-2">
          {FEATURES.map(([title, text]) => (
            <li key={title} className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
              <h2 className="font-semibold">{title}</h2>
              <p className="mt-1 text-sm text-slate-600">{text}</p>
            </li>
          ))}
        </ul>

        <h2 className="mt-12 text-lg font-semibold">Documentation</h2>
        <ul className="mt-3 grid gap-3 sm:grid-cols-3">
          {DOCS.map((d) => (
            <li key={d.href}>
              <a
                href={d.href}
                className="block rounded-xl border border-slate-200 bg-white p-4 hover:border-violet-400 hover:shadow"
              >
                <span className="font-medium text-violet-700">{d.title}</span>
                <span className="mt-1 block text-sm text-slate-600">{d.text}</span>
              </a>
            </li>
          ))}
        </ul>
      </main>

      <footer className="mt-12 flex flex-wrap gap-4 text-sm text-slate-500">
        <a className="hover:text-slate-800" href="/health">
          Health
        </a>
        <a className="hover:text-slate-800" href="/metrics">
          Metrics
        </a>
        <span>MIT licensed</span>
      </footer>
    </div>
  );
}
