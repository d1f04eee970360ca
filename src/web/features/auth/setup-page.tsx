import { useQueryClient } from "@tanstack/react-query";
import { Link, useRouter } from "@tanstack/react-router";
import { ErrorState, LoadingState } from "../../ui/states.tsx";
import { authApi } from "./auth-api.ts";
import { AuthCard } from "./auth-card.tsx";
import { PasswordForm } from "./password-form.tsx";
import { useSetup } from "./use-setup.ts";

/** First run: while nobody exists, the only thing on offer is creating the owner account. */
export function SetupPage() {
  const setup = useSetup();
  const router = useRouter();
  const queryClient = useQueryClient();
  if (setup.isPending) return <LoadingState />;
  if (setup.isError) {
    return (
      <main className="mx-auto max-w-md px-4 py-16">
        <ErrorState error={setup.error} retry={() => setup.refetch()} />
      </main>
    );
  }
  if (!setup.data.needsOwner) {
    return (
      <AuthCard title="autodm is set up" subtitle="The owner account already exists.">
        <Link
          to="/sign-in"
          search={{ redirect: undefined }}
          className="font-medium text-violet-700 underline"
        >
          Sign in
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Create the owner account"
      subtitle="Welcome! This installation has no account yet. The first one owns it and its first workspace."
    >
      <PasswordForm
        mode="sign-up"
        minLength={setup.data.passwordMinLength}
        submitLabel="Create the owner account"
        onSubmit={async (values) => {
          await authApi.signUp(values);
          queryClient.clear();
          await router.navigate({ to: "/" });
        }}
      />
    </AuthCard>
  );
}
