import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { queries } from "../../lib/dashboard-queries.ts";
import { buttonClass } from "../../ui/button.tsx";
import { Card } from "../../ui/card.tsx";
import { cx } from "../../ui/cx.ts";
import { ErrorState } from "../../ui/states.tsx";
import { VideoEmbed } from "../../ui/video-embed.tsx";

type StepKey = "accountConnected" | "automationCreated" | "triedInTestPhone" | "live";
const STEPS: {
  key: StepKey;
  title: string;
  text: string;
  to: "/accounts" | "/templates" | "/test-phone" | "/get-started";
  action: string;
}[] = [
  {
    key: "accountConnected",
    title: "Connect an account",
    text: "Connect your Instagram professional account — or the sandbox's demo shop to try everything first.",
    to: "/accounts",
    action: "Connect",
  },
  {
    key: "automationCreated",
    title: "Create your first automation",
    text: 'Start from a template, like "comment LINK to get the link by DM".',
    to: "/templates",
    action: "Pick a template",
  },
  {
    key: "triedInTestPhone",
    title: "Try it in the test phone",
    text: "Play a follower: comment the keyword and watch the reply arrive.",
    to: "/test-phone",
    action: "Open the test phone",
  },
  {
    key: "live",
    title: "Go live",
    text: "Connect your real account through your Meta app, with an automation switched on.",
    to: "/get-started",
    action: "Open the setup guide",
  },
];

/** The four first steps, ticked from what really exists (GET /api/onboarding). */
export function OnboardingChecklist() {
  const onboarding = useQuery(queries.onboarding());
  if (onboarding.isPending) {
    return <div className="h-40 animate-pulse rounded-xl bg-slate-100" aria-hidden />;
  }
  if (onboarding.isError) return <ErrorState error={onboarding.error} retry={() => onboarding.refetch()} />;
  const { steps, videos } = onboarding.data;
  const done = STEPS.filter((s) => steps[s.key]).length;
  if (done === STEPS.length) return null;
  const current = STEPS.find((s) => !steps[s.key]);
  const video =
    current?.key === "accountConnected"
      ? videos.connect
      : current?.key === "automationCreated"
        ? videos.automation
        : current?.key === "triedInTestPhone"
          ? videos.testPhone
          : videos.metaApp;
  return (
    <Card className="mb-8">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">Get started</h2>
        <p className="text-sm text-slate-600" aria-live="polite">
          {done} of {STEPS.length} done
        </p>
      </div>
      <div
        className="mt-3 h-2 overflow-hidden rounded-full bg-slate-100"
        role="progressbar"
        aria-label="Onboarding progress"
        aria-valuemin={0}
        aria-valuemax={STEPS.length}
        aria-valuenow={done}
      >
        <div
          className="h-full bg-violet-600 transition-all"
          style={{ width: `${(done / STEPS.length) * 100}%` }}
        />
      </div>
      <div className="mt-5 grid gap-6 lg:grid-cols-[1fr_18rem]">
        <ol aria-label="Onboarding checklist" className="flex flex-col gap-3">
          {STEPS.map((step, i) => {
            const ok = steps[step.key];
            const isCurrent = step === current;
            return (
              <li
                key={step.key}
                data-done={ok}
                className={cx(
                  "grid grid-cols-[auto_1fr] items-start gap-x-3 gap-y-2 rounded-lg border p-3 sm:grid-cols-[auto_1fr_auto]",
                  isCurrent ? "border-violet-300 bg-violet-50/50" : "border-slate-200",
                )}
              >
                <span
                  aria-hidden
                  className={cx(
                    "grid h-7 w-7 shrink-0 place-items-center rounded-full text-sm font-semibold",
                    ok ? "bg-emerald-600 text-white" : "bg-slate-100 text-slate-600",
                  )}
                >
                  {ok ? "✓" : i + 1}
                </span>
                <div className="min-w-0">
                  <p className={cx("font-medium", ok && "text-slate-500 line-through")}>
                    {step.title}
                    <span className="sr-only">{ok ? " (done)" : " (to do)"}</span>
                  </p>
                  <p className="text-sm text-slate-600">{step.text}</p>
                </div>
                {!ok && (
                  <Link
                    to={step.to}
                    className={`${buttonClass(isCurrent ? "primary" : "secondary", "sm")} col-start-2 justify-self-start sm:col-start-3`}
                  >
                    {step.action}
                  </Link>
                )}
              </li>
            );
          })}
        </ol>
        {current && (
          <VideoEmbed url={video} title={`Video: ${current.title.toLowerCase()}`} summary={current.text} />
        )}
      </div>
    </Card>
  );
}
