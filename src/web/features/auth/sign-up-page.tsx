import { useQueryClient } from "@tanstack/react-query";
import { Link, useRouter, useSearch } from "@tanstack/react-router";
import { ErrorState, LoadingState } from "../../ui/states.tsx";
import { authApi, safeRedirect } from "./auth-api.ts";
import { AuthCard } from "./auth-card.tsx";
import { GoogleButton, OrDivider } from "./google-button.tsx";
import { PasswordForm } from "./password-form.tsx";
import { useSetup } from "./use-setup.ts";

export function SignUpPage() {
  const { redirect } = useSearch({ from: "/sign-up" });
  const setup = useSetup();
  const router = useRouter();
  const queryClient = useQueryClient();
  const target = safeRedirect(redirect);
  // Reached from an invitation's link: its id proves the invitation (SIGNUP=invite needs it).
  const invitationId = invitationIdOf(target);
  if (setup.isPending) return <LoadingState />;
  if (setup.isError) {
    return (
      <main className="mx-auto max-w-md px-4 py-16">
        <ErrorState error={setup.error} retry={() => setup.refetch()} />
      </main>
    );
  }
  const inviteOnly = setup.data.signup === "invite";
  if (setup.data.signup === "closed" && !setup.data.needsOwner) {
    return (
      <AuthCard
        title="Sign-up is closed"
        subtitle="This installation takes no new accounts. If you were invited, sign in with your account."
        footer={
          <Link to="/sign-in" search={{ redirect }} className="font-medium text-violet-700 underline">
            Sign in
          </Link>
        }
      >
        {null}
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Create your account"
      subtitle={
        inviteOnly
          ? "Sign-up is by invitation: use the email address your invitation was sent to."
          : "You get a workspace of your own; connect Instagram next."
      }
      footer={
        <>
          Already have an account?{" "}
          <Link to="/sign-in" search={{ redirect }} className="font-medium text-violet-700 underline">
            Sign in
          </Link>
        </>
      }
    >
      {setup.data.google && (
        <>
          <GoogleButton callbackURL={target} />
          <OrDivider />
        </>
      )}
      <PasswordForm
        mode="sign-up"
        minLength={setup.data.passwordMinLength}
        submitLabel="Create account"
        onSubmit={async (values) => {
          await authApi.signUp(invitationId ? { ...values, invitationId } : values);
          queryClient.clear();
          router.history.push(target);
        }}
      />
    </AuthCard>
  );
}

/** `/accept-invitation/<id>` → `<id>` (the page an invitation's link opens). */
function invitationIdOf(target: string): string | undefined {
  const match = /^\/accept-invitation\/([^/?#]+)$/.exec(target);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}
