import { useQueryClient } from "@tanstack/react-query";
import { Link, useRouter, useSearch } from "@tanstack/react-router";
import { ErrorState, LoadingState } from "../../ui/states.tsx";
import { authApi, safeRedirect } from "./auth-api.ts";
import { AuthCard } from "./auth-card.tsx";
import { GoogleButton, OrDivider } from "./google-button.tsx";
import { PasswordForm } from "./password-form.tsx";
import { useSetup } from "./use-setup.ts";

export function SignInPage() {
  const { redirect } = useSearch({ from: "/sign-in" });
  const setup = useSetup();
  const router = useRouter();
  const queryClient = useQueryClient();
  const target = safeRedirect(redirect);
  if (setup.isPending) return <LoadingState />;
  if (setup.isError) {
    return (
      <main className="mx-auto max-w-md px-4 py-16">
        <ErrorState error={setup.error} retry={() => setup.refetch()} />
      </main>
    );
  }
  return (
    <AuthCard
      title="Sign in"
      subtitle="Welcome back."
      footer={
        setup.data.signup === "open" ? (
          <>
            New here?{" "}
            <Link to="/sign-up" search={{ redirect }} className="font-medium text-violet-700 underline">
              Create an account
            </Link>
          </>
        ) : setup.data.signup === "invite" ? (
          "Accounts are by invitation: ask a workspace admin for one."
        ) : (
          "New accounts are closed on this installation."
        )
      }
    >
      {setup.data.google && (
        <>
          <GoogleButton callbackURL={target} />
          <OrDivider />
        </>
      )}
      <PasswordForm
        mode="sign-in"
        minLength={setup.data.passwordMinLength}
        submitLabel="Sign in"
        onSubmit={async (values) => {
          await authApi.signIn(values);
          queryClient.clear();
          router.history.push(target);
        }}
      />
    </AuthCard>
  );
}
