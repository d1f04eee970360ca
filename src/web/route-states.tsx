import { Link } from "@tanstack/react-router";
import { buttonClass } from "./ui/button.tsx";
import { ErrorState } from "./ui/states.tsx";

export function NotFoundPage() {
  return (
    <main className="mx-auto max-w-lg px-5 py-16 text-center">
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p className="mt-2 text-slate-600">This address does not lead anywhere in autodm.</p>
      <Link to="/" className={`${buttonClass()} mt-6`}>
        Go home
      </Link>
    </main>
  );
}

export function RouteError({ error, reset }: { error: unknown; reset?: () => void }) {
  return (
    <div className="mx-auto max-w-2xl px-5 py-10">
      <ErrorState error={error} title="This page failed to load" {...(reset ? { retry: reset } : {})} />
    </div>
  );
}
