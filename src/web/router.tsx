import type { QueryClient } from "@tanstack/react-query";
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from "@tanstack/react-router";
import { AppLayout } from "./app-layout.tsx";
import { ApiError, api } from "./lib/api-client.ts";
import type { SetupStatus } from "./lib/api-types.ts";
import { homeFor } from "./lib/home-for.ts";
import { type Me, meQuery, type Permission } from "./lib/use-me.ts";
import { NotFoundPage, RouteError } from "./route-states.tsx";
import { LoadingState } from "./ui/states.tsx";

/**
 * The dashboard's routes, code-based. Every page is lazy-loaded so the first load stays small.
 * Pages read their params and search with `useParams({ strict: false })` /
 * `useSearch({ strict: false })`, or through the route objects exported here.
 */

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
  errorComponent: RouteError,
});

const setupQuery = {
  queryKey: ["setup"] as const,
  queryFn: () => api.get<SetupStatus>("/api/setup"),
  staleTime: 5_000,
};

/** better-auth answers null (200) without a session. */
const sessionQuery = {
  queryKey: ["session"] as const,
  queryFn: () => api.get<{ user: { id: string } } | null>("/api/auth/get-session"),
  staleTime: 30_000,
};

const redirectSearch = (s: Record<string, unknown>) => ({
  redirect:
    typeof s.redirect === "string" && s.redirect.startsWith("/") && !s.redirect.startsWith("//")
      ? s.redirect
      : undefined,
});

/** Sign-in and sign-up: the owner setup first on a fresh install; home when already signed in. */
async function signedOutOnly(queryClient: QueryClient) {
  const setup = await queryClient.fetchQuery(setupQuery);
  if (setup.needsOwner) throw redirect({ to: "/setup" });
  if (await queryClient.fetchQuery(sessionQuery)) throw redirect({ to: "/" });
}

/** Public pages: while no one exists, only the owner setup is on offer. */
export const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/setup",
  component: lazyRouteComponent(() => import("./features/auth/setup-page.tsx"), "SetupPage"),
});
export const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sign-in",
  validateSearch: redirectSearch,
  beforeLoad: async ({ context }) => {
    await signedOutOnly(context.queryClient);
  },
  component: lazyRouteComponent(() => import("./features/auth/sign-in-page.tsx"), "SignInPage"),
});
export const signUpRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sign-up",
  validateSearch: redirectSearch,
  beforeLoad: async ({ context }) => {
    await signedOutOnly(context.queryClient);
  },
  component: lazyRouteComponent(() => import("./features/auth/sign-up-page.tsx"), "SignUpPage"),
});
export const acceptInvitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/accept-invitation/$id",
  component: lazyRouteComponent(
    () => import("./features/auth/accept-invitation-page.tsx"),
    "AcceptInvitationPage",
  ),
});

/** The signed-in part: no session → sign in (or the owner setup on a fresh install). */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  beforeLoad: async ({ context, location }) => {
    // Ask whether there is a session before asking who we are, so a signed-out visit is a
    // redirect, not a failed request.
    const setup = await context.queryClient.fetchQuery(setupQuery);
    if (setup.needsOwner) throw redirect({ to: "/setup" });
    const session = await context.queryClient.fetchQuery(sessionQuery);
    if (!session) throw redirect({ to: "/sign-in", search: { redirect: location.href } });
    try {
      const me = await context.queryClient.ensureQueryData(meQuery);
      return { me };
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        throw redirect({ to: "/sign-in", search: { redirect: location.href } });
      }
      throw error;
    }
  },
  component: AppLayout,
  pendingComponent: () => <LoadingState />,
});

/** A page the role may not open sends it to its own home (the server refuses anyway). */
function guarded(permission: Permission) {
  return ({ context }: { context: { me: Me } }) => {
    if (!context.me.permissions.includes(permission)) throw redirect({ to: homeFor(context.me) });
  };
}

export const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/",
  beforeLoad: guarded("automations:read"),
  component: lazyRouteComponent(() => import("./features/home/home-page.tsx"), "HomePage"),
});
export const accountsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/accounts",
  beforeLoad: guarded("accounts:read"),
  component: lazyRouteComponent(() => import("./features/accounts/accounts-page.tsx"), "AccountsPage"),
});
export const guideRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/get-started",
  beforeLoad: guarded("accounts:connect"),
  component: lazyRouteComponent(() => import("./features/onboarding/setup-guide-page.tsx"), "SetupGuidePage"),
});
export const templatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/templates",
  beforeLoad: guarded("automations:read"),
  component: lazyRouteComponent(() => import("./features/onboarding/templates-page.tsx"), "TemplatesPage"),
});

// Part B's pages (src/web/features/{automations,activity,test-phone}).
export const automationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/automations",
  beforeLoad: guarded("automations:read"),
  component: lazyRouteComponent(
    () => import("./features/automations/automations-page.tsx"),
    "AutomationsPage",
  ),
});
export const newAutomationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/automations/new",
  beforeLoad: guarded("automations:write"),
  /** `template`: the id of a template (GET /api/automation-templates) to start from. */
  validateSearch: (s: Record<string, unknown>) => ({
    template: typeof s.template === "string" ? s.template : undefined,
  }),
  component: lazyRouteComponent(
    () => import("./features/automations/automation-editor-page.tsx"),
    "AutomationEditorPage",
  ),
});
export const automationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/automations/$id",
  beforeLoad: guarded("automations:read"),
  component: lazyRouteComponent(
    () => import("./features/automations/automation-editor-page.tsx"),
    "AutomationEditorPage",
  ),
});
export const activityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/activity",
  beforeLoad: guarded("activity:read"),
  component: lazyRouteComponent(() => import("./features/activity/activity-page.tsx"), "ActivityPage"),
});
export const inboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/inbox",
  beforeLoad: guarded("inbox:read"),
  /** `c`: the open conversation (its contact id). */
  validateSearch: (s: Record<string, unknown>) => ({
    c: typeof s.c === "string" ? s.c : undefined,
  }),
  component: lazyRouteComponent(() => import("./features/inbox/inbox-page.tsx"), "InboxPage"),
});
export const testPhoneRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/test-phone",
  beforeLoad: guarded("sandbox:control"),
  component: lazyRouteComponent(() => import("./features/test-phone/test-phone-page.tsx"), "TestPhonePage"),
});

// Settings (members, API keys, sessions) and AI replies (src/web/features/{settings,ai}).
export const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings",
  beforeLoad: guarded("workspace:read"),
  /** `tab`: members | api-keys | sessions (the page falls back to the first the role may see). */
  validateSearch: (s: Record<string, unknown>) => ({
    tab: s.tab === "members" || s.tab === "api-keys" || s.tab === "sessions" ? s.tab : undefined,
  }),
  component: lazyRouteComponent(() => import("./features/settings/settings-page.tsx"), "SettingsPage"),
});
export const aiRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/ai",
  beforeLoad: guarded("ai:read"),
  /** `account`: the connected account whose settings show (default: the first). */
  validateSearch: (s: Record<string, unknown>) => ({
    account: typeof s.account === "string" ? s.account : undefined,
  }),
  component: lazyRouteComponent(() => import("./features/ai/ai-page.tsx"), "AiPage"),
});

const routeTree = rootRoute.addChildren([
  setupRoute,
  signInRoute,
  signUpRoute,
  acceptInvitationRoute,
  appRoute.addChildren([
    homeRoute,
    accountsRoute,
    guideRoute,
    templatesRoute,
    automationsRoute,
    newAutomationRoute,
    automationRoute,
    activityRoute,
    inboxRoute,
    testPhoneRoute,
    settingsRoute,
    aiRoute,
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: "intent",
    defaultPendingComponent: () => <LoadingState />,
    defaultErrorComponent: RouteError,
    scrollRestoration: true,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
