import { api } from "../../lib/api-client.ts";

/** better-auth's endpoints under /api/auth, as the dashboard uses them. */
export const authApi = {
  signUp: (body: { name: string; email: string; password: string; invitationId?: string }) =>
    api.post("/api/auth/sign-up/email", body),
  signIn: (body: { email: string; password: string }) => api.post("/api/auth/sign-in/email", body),
  /** Google (OpenID Connect): better-auth answers with the URL of Google's consent page. */
  google: async (callbackURL: string) => {
    const { url } = await api.post<{ url: string }>("/api/auth/sign-in/social", {
      provider: "google",
      callbackURL,
      errorCallbackURL: "/sign-in",
    });
    window.location.assign(url);
  },
  acceptInvitation: (invitationId: string) =>
    api.post<{ invitation: { organizationId: string } }>("/api/auth/organization/accept-invitation", {
      invitationId,
    }),
  setActive: (organizationId: string) => api.post("/api/auth/organization/set-active", { organizationId }),
};

/** Only paths of this site, never another origin. */
export function safeRedirect(target: string | undefined): string {
  return target?.startsWith("/") && !target.startsWith("//") ? target : "/";
}
