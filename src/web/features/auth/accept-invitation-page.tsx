import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams, useRouter } from "@tanstack/react-router";
import { useState } from "react";
import { ApiError, errorMessage } from "../../lib/api-client.ts";
import { meQuery } from "../../lib/use-me.ts";
import { Button, buttonClass } from "../../ui/button.tsx";
import { LoadingState } from "../../ui/states.tsx";
import { authApi } from "./auth-api.ts";
import { AuthCard } from "./auth-card.tsx";

/** /accept-invitation/$id: the link an invitation carries (mailed, or copied from the UI). */
export function AcceptInvitationPage() {
  const { id } = useParams({ from: "/accept-invitation/$id" });
  const me = useQuery({ ...meQuery, retry: false });
  const router = useRouter();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const here = `/accept-invitation/${encodeURIComponent(id)}`;

  if (me.isPending) return <LoadingState />;
  const signedOut = me.error instanceof ApiError && me.error.status === 401;
  if (signedOut || !me.data?.user) {
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
    <AuthCard title="Join the workspace" subtitle={`Signed in as ${me.data.user.email}.`}>
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
