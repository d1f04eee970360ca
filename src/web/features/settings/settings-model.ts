import { mayGrant, ROLES, type WorkspaceRole } from "../../../shared/permissions.ts";

/** Pure helpers of the settings pages: which roles one may hand out, how to name a device, dates. */

export const ROLE_HELP: Record<WorkspaceRole, string> = {
  owner: "Everything, including the workspace itself",
  admin: "Members, API keys, AI keys and accounts",
  editor: "Automations, AI replies, connecting accounts",
  agent: "The activity log only",
  viewer: "Looks at everything, changes nothing",
};

/** The roles `granter` may give to a member, an invitation or an API key (server: mayGrant). */
export function grantableRoles(granter: WorkspaceRole | undefined): WorkspaceRole[] {
  if (!granter) return [];
  return ROLES.filter((r) => mayGrant(granter, r));
}

/**
 * Whether `me` may change or remove `target`: the server (better-auth) refuses changes to an
 * owner by a non-owner, and one's own row is left alone here (leaving is not offered).
 */
export function mayManageMember(
  me: { role: WorkspaceRole | undefined; userId: string | undefined },
  target: { role: WorkspaceRole; userId: string },
): boolean {
  if (!me.role || target.userId === me.userId) return false;
  return mayGrant(me.role, target.role);
}

/** "Chrome on macOS" from a User-Agent header; "Unknown device" when there is none. */
export function deviceName(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown device";
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\/|Opera/.test(ua)
      ? "Opera"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /Chrom(e|ium)\//.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : /^Mozilla\//.test(ua)
              ? "A browser"
              : // A tool, not a browser: its product name ("curl/8.5", "node").
                (ua.split(/[\s/]/)[0] ?? "Unknown device");
  const os = /iPhone|iPad|iPod/.test(ua)
    ? "iOS"
    : /Android/.test(ua)
      ? "Android"
      : /Mac OS X|Macintosh/.test(ua)
        ? "macOS"
        : /Windows/.test(ua)
          ? "Windows"
          : /Linux|X11/.test(ua)
            ? "Linux"
            : null;
  return os ? `${browser} on ${os}` : browser;
}

/** "3 Nov 2026", or `none` when there is no date. */
export function formatDate(value: string | null | undefined, none = "—"): string {
  if (!value) return none;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return none;
  return d.toLocaleDateString(undefined, { dateStyle: "medium" });
}

export function formatDateTime(value: string | null | undefined, none = "—"): string {
  if (!value) return none;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return none;
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** The API-key form's expiry choice → days, or undefined for "never". */
export const EXPIRY_CHOICES = [
  { value: "", label: "Never" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In a year" },
] as const;

export function expiryDays(choice: string): number | undefined {
  const n = Number(choice);
  return choice !== "" && Number.isInteger(n) && n > 0 ? n : undefined;
}

export const roleLabel = (role: string) => role.charAt(0).toUpperCase() + role.slice(1);
