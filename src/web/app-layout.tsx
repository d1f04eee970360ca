import { useQueryClient } from "@tanstack/react-query";
import { Link, Outlet, useNavigate, useRouter } from "@tanstack/react-router";
import { useState } from "react";
import { api, errorMessage } from "./lib/api-client.ts";
import { homeFor } from "./lib/home-for.ts";
import { meQuery, type Permission, useMe } from "./lib/use-me.ts";
import { cx } from "./ui/cx.ts";
import { useToast } from "./ui/toast.tsx";

interface NavItem {
  to:
    | "/"
    | "/automations"
    | "/activity"
    | "/inbox"
    | "/test-phone"
    | "/accounts"
    | "/templates"
    | "/get-started"
    | "/ai"
    | "/settings";
  label: string;
  permission: Permission;
}

const NAV: NavItem[] = [
  { to: "/", label: "Home", permission: "automations:read" },
  { to: "/inbox", label: "Inbox", permission: "inbox:read" },
  { to: "/automations", label: "Automations", permission: "automations:read" },
  { to: "/activity", label: "Activity", permission: "activity:read" },
  { to: "/test-phone", label: "Test phone", permission: "sandbox:control" },
  { to: "/accounts", label: "Accounts", permission: "accounts:read" },
  { to: "/ai", label: "AI replies", permission: "ai:read" },
  { to: "/templates", label: "Templates", permission: "automations:read" },
  { to: "/get-started", label: "Setup guide", permission: "accounts:connect" },
  { to: "/settings", label: "Settings", permission: "workspace:read" },
];

function Logo() {
  return (
    <Link to="/" className="flex items-center gap-2 rounded-lg">
      <span
        aria-hidden
        className="grid h-8 w-8 place-items-center rounded-lg bg-gradient-to-br from-fuchsia-500 to-orange-400 font-bold text-white"
      >
        a
      </span>
      <span className="text-lg font-semibold tracking-tight">autodm</span>
    </Link>
  );
}

/** Switches the session's active workspace (better-auth), then reloads everything for it. */
function WorkspaceSwitcher() {
  const { me } = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const router = useRouter();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  if (!me || me.workspaces.length === 0) return null;
  if (me.workspaces.length === 1) {
    return (
      <p className="truncate px-3 text-sm text-slate-600" title={me.workspace.name}>
        {me.workspace.name} · <span className="capitalize">{me.role}</span>
      </p>
    );
  }
  return (
    <label className="block px-3 text-sm">
      <span className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500">Workspace</span>
      <select
        className="w-full rounded-lg border border-slate-300 bg-white px-2 py-1.5"
        value={me.workspace.id}
        disabled={busy}
        onChange={async (e) => {
          setBusy(true);
          try {
            await api.post("/api/auth/organization/set-active", { organizationId: e.target.value });
            // Everything cached belongs to the previous workspace: drop it, re-run the route
            // guards with the new role, and start from that role's home.
            // (reset, not remove: the mounted observers must see the new data).
            await queryClient.resetQueries();
            await router.invalidate();
            const me = await queryClient.fetchQuery(meQuery);
            await navigate({ to: homeFor(me) });
          } catch (error) {
            toast(errorMessage(error), "error");
          } finally {
            setBusy(false);
          }
        }}
      >
        {me.workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name} ({w.role})
          </option>
        ))}
      </select>
    </label>
  );
}

function UserMenu() {
  const { me } = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  if (!me?.user) return null;
  return (
    <div className="border-t border-slate-200 px-3 pt-3 text-sm">
      <p className="truncate font-medium text-slate-800">{me.user.name || me.user.email}</p>
      <p className="truncate text-slate-500">{me.user.email}</p>
      <button
        type="button"
        className="mt-2 rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100"
        onClick={async () => {
          try {
            await api.post("/api/auth/sign-out", {});
            queryClient.clear();
            await navigate({ to: "/sign-in", search: { redirect: undefined } });
          } catch (error) {
            toast(errorMessage(error), "error");
          }
        }}
      >
        Sign out
      </button>
    </div>
  );
}

/** The signed-in frame: a sidebar on wide screens, a top bar with a menu under 768 px. */
export function AppLayout() {
  const { can } = useMe();
  const [menuOpen, setMenuOpen] = useState(false);
  const items = NAV.filter((n) => can(n.permission));
  const nav = (
    <nav aria-label="Main" className="flex flex-col gap-1 px-2">
      {items.map((item) => (
        <Link
          key={item.to}
          to={item.to}
          onClick={() => setMenuOpen(false)}
          activeOptions={{ exact: item.to === "/" }}
          className="rounded-lg px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100"
          activeProps={{ className: "bg-violet-50 text-violet-800", "aria-current": "page" }}
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
  return (
    <div className="min-h-screen md:flex md:bg-[linear-gradient(to_right,white_calc(15rem-1px),#e2e8f0_calc(15rem-1px),#e2e8f0_15rem,transparent_15rem)]">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3 md:hidden">
        <Logo />
        <button
          type="button"
          className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm"
          aria-expanded={menuOpen}
          aria-controls="mobile-menu"
          onClick={() => setMenuOpen((o) => !o)}
        >
          {menuOpen ? "Close" : "Menu"}
        </button>
      </header>
      {menuOpen && (
        <div id="mobile-menu" className="border-b border-slate-200 bg-white pb-3 md:hidden">
          <div className="py-2">{nav}</div>
          <div className="flex flex-col gap-3">
            <WorkspaceSwitcher />
            <UserMenu />
          </div>
        </div>
      )}
      <aside className="hidden w-60 shrink-0 flex-col gap-6 border-r border-slate-200 bg-white py-5 md:sticky md:top-0 md:flex md:h-screen">
        <div className="px-5">
          <Logo />
        </div>
        {nav}
        <div className="mt-auto flex flex-col gap-3">
          <WorkspaceSwitcher />
          <UserMenu />
        </div>
      </aside>
      <main
        id="main"
        tabIndex={-1}
        className={cx("min-w-0 flex-1 px-4 py-6 sm:px-8 sm:py-8", "outline-none")}
      >
        <div className="mx-auto max-w-6xl">
          <Outlet />
        </div>
      </main>
    </div>
  );
}
