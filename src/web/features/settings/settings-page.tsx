import { Link, useSearch } from "@tanstack/react-router";
import { type Permission, useMe } from "../../lib/use-me.ts";
import { PageHeader } from "../../ui/card.tsx";
import { cx } from "../../ui/cx.ts";
import { ApiKeysPanel } from "./api-keys-panel.tsx";
import { MembersPanel } from "./members-panel.tsx";
import { SessionsPanel } from "./sessions-panel.tsx";

export type SettingsTab = "members" | "api-keys" | "sessions";

const TABS: { tab: SettingsTab; label: string; permission: Permission }[] = [
  { tab: "members", label: "Members", permission: "members:manage" },
  { tab: "api-keys", label: "API keys", permission: "api-keys:manage" },
  { tab: "sessions", label: "Sessions", permission: "workspace:read" },
];

/** Members, API keys and the person's own sessions; each role sees the parts it may manage. */
export function SettingsPage() {
  const { can, me } = useMe();
  const search = useSearch({ strict: false }) as { tab?: SettingsTab };
  const tabs = TABS.filter((t) => can(t.permission));
  const active = tabs.find((t) => t.tab === search.tab) ?? tabs[0];
  return (
    <>
      <PageHeader
        title="Settings"
        description={
          me
            ? `Who works in ${me.workspace.name}, the keys tools use, and where you are signed in.`
            : undefined
        }
      />
      <nav aria-label="Settings" className="mb-6 flex gap-1 overflow-x-auto border-b border-slate-200">
        {tabs.map((t) => (
          <Link
            key={t.tab}
            to="/settings"
            search={{ tab: t.tab }}
            aria-current={t.tab === active?.tab ? "page" : undefined}
            className={cx(
              "-mb-px whitespace-nowrap rounded-t-lg border-b-2 px-4 py-2 text-sm font-medium",
              t.tab === active?.tab
                ? "border-violet-600 text-violet-800"
                : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {active?.tab === "members" && <MembersPanel />}
      {active?.tab === "api-keys" && <ApiKeysPanel />}
      {active?.tab === "sessions" && <SessionsPanel />}
    </>
  );
}
