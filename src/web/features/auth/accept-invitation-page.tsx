import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams, useRouter } from "@tanstack/react-router";
import { useState } from "react";
import { api, errorMessage } from "../../lib/api-client.ts";
import { Button, buttonClass } from "../../ui/button.tsx";
import { ErrorState, LoadingState } from "../../ui/states.tsx";
import { authApi } from "./auth-api.ts";
import { AuthCard } from "./auth-card.tsx";

/** /accept-invitation/$id: the link an invitation carries (mailed, or copied from the UI). */
export function AcceptInvitationPage() {
  const { id } = useParams({ from: "/accept-invitation/$id" });
  // The session (null when signed out: no failed request), not /api/me, which would answer 401.
  const session = useQuery({
    queryKey: ["session"],
    queryFn: () => api.get<{ user: { email: string } } | null>("/api/auth/get-session"),
  });
  const router = useRouter();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const here = `/accept-invitation/${encodeURIComponent(id)}`;

  if (session.isPending) return <LoadingState />;
  if (session.isError) {
    return (
      <main className="mx-auto max-w-md px-4 py-16">
        <ErrorState error={session.error} retry={() => session.refetch()} />
      </main>
    );
  }
  if (!session.data) {
    return (
      <AuthCard
        title="You're invited"
        subtitle="Sign in, or create an account with the email address the invitation was sent to."
      >
        <div className="flex flex-col gap-3">
          <Link to="/sign-up" search={{ redirect: here }} className={buttonClass()}>
            Create an account
          </Link>
          <Link to="/sign-in" search={{ redirect: here }} className={buttonClass("secondary")}>
            I already have an account
          </Link>
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Join the workspace" subtitle={`Signed in as ${session.data.user.email}.`}>
      <Button
        className="w-full"
        busy={busy}
        onClick={async () => {
          setBusy(true);
          setError(undefined);
          try {
            const { invitation } = await authApi.acceptInvitation(id);
            await authApi.setActive(invitation.organizationId);
            queryClient.clear();
            await router.navigate({ to: "/" });
          } catch (e) {
            setError(errorMessage(e));
            setBusy(false);
          }
        }}
      >
        Accept the invitation
      </Button>
      {error && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
    </AuthCard>
  );
}
