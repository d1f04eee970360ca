import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { queries, type SetupGuide } from "../../lib/dashboard-queries.ts";
import { buttonClass } from "../../ui/button.tsx";
import { Badge, Card, PageHeader } from "../../ui/card.tsx";
import { CopyField } from "../../ui/copy-field.tsx";
import { ErrorState, LoadingState } from "../../ui/states.tsx";
import { VideoEmbed } from "../../ui/video-embed.tsx";

function Step({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  return (
    <li>
      <Card>
        <h2 className="flex items-center gap-3 text-lg font-semibold">
          <span
            aria-hidden
            className="grid h-7 w-7 place-items-center rounded-full bg-violet-600 text-sm text-white"
          >
            {n}
          </span>
          {title}
        </h2>
        <div className="mt-3 flex flex-col gap-3 text-sm text-slate-700">{children}</div>
      </Card>
    </li>
  );
}

function Scopes({ scopes }: { scopes: string[] }) {
  return (
    <ul className="flex flex-wrap gap-1.5">
      {scopes.map((s) => (
        <li key={s}>
          <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{s}</code>
        </li>
      ))}
    </ul>
  );
}

function Guide({ guide }: { guide: SetupGuide }) {
  const https = guide.webhookUrl.startsWith("https://");
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <ol className="flex flex-col gap-4">
        <Step n={1} title="Make your Instagram account professional">
          <p>
            Automated messages work only for <strong>Business</strong> and <strong>Creator</strong> accounts.
            In the Instagram app: <em>Settings → Account type and tools → Switch to professional account</em>,
            then choose Creator or Business.
          </p>
          <p>
            For Facebook Login, also link the account to a Facebook Page you manage (
            <em>Accounts Center → Linked accounts</em>). With Instagram Login no Page is needed.
          </p>
          <p>
            In the Instagram app, under{" "}
            <em>Settings → Messages and story replies → Message controls → Connected tools</em>, allow access
            to messages.
          </p>
        </Step>
        <Step n={2} title="Create a Meta app">
          <p>
            On Meta for Developers, create an app of type <strong>Business</strong> and add the product{" "}
            <strong>Instagram</strong> (“API setup with Instagram login”) — or{" "}
            <strong>Facebook Login for Business</strong> for Page-linked accounts.
          </p>
          <p>Add these as valid OAuth redirect URIs:</p>
          <CopyField label="Redirect URI (Instagram Login)" value={guide.redirectUris.instagram} />
          <CopyField label="Redirect URI (Facebook Login)" value={guide.redirectUris.facebook} />
        </Step>
        <Step n={3} title="Set up the webhook">
          <p>In the app's Webhooks settings (object: Instagram), paste:</p>
          <CopyField label="Callback URL" value={guide.webhookUrl} />
          {guide.verifyToken ? (
            <CopyField label="Verify token" value={guide.verifyToken} />
          ) : (
            <p className="rounded-lg bg-amber-50 px-3 py-2 text-amber-900">
              No verify token is set on this server yet. Choose one (at least 8 characters), set it as{" "}
              <code>META_WEBHOOK_VERIFY_TOKEN</code>, restart autodm, then paste the same value in Meta.
            </p>
          )}
          {!https && (
            <p className="rounded-lg bg-amber-50 px-3 py-2 text-amber-900">
              Meta only calls <strong>https</strong> URLs reachable from the internet. Set{" "}
              <code>APP_URL</code> to your public https address (behind a reverse proxy or a tunnel) before
              verifying.
            </p>
          )}
          <p>Subscribe to these fields:</p>
          <Scopes scopes={guide.webhookFields} />
        </Step>
        <Step n={4} title="Permissions to request">
          <p>Instagram Login asks for:</p>
          <Scopes scopes={guide.scopes.instagram} />
          <p>Facebook Login asks for:</p>
          <Scopes scopes={guide.scopes.facebook} />
          <p>
            While the app is in development mode only people with a role on it can connect; request Advanced
            Access in App Review to go public.
          </p>
        </Step>
        <Step n={5} title="Give autodm the app's keys">
          <p>
            Set them in the server's environment (never in the dashboard), then restart autodm:{" "}
            <code>INSTAGRAM_APP_ID</code> and <code>INSTAGRAM_APP_SECRET</code> for Instagram Login,{" "}
            <code>META_APP_ID</code> and <code>META_APP_SECRET</code> for Facebook Login.
          </p>
          <p className="flex flex-wrap gap-2">
            <Badge tone={guide.apps.instagram ? "green" : "slate"}>
              Instagram Login: {guide.apps.instagram ? "configured" : "not configured"}
            </Badge>
            <Badge tone={guide.apps.facebook ? "green" : "slate"}>
              Facebook Login: {guide.apps.facebook ? "configured" : "not configured"}
            </Badge>
          </p>
          <p>
            <Link to="/accounts" className={buttonClass("primary", "sm")}>
              Connect your account
            </Link>
          </p>
        </Step>
      </ol>
      <aside className="flex flex-col gap-4">
        <VideoEmbed
          url={guide.videos.metaApp}
          title="Video: setting up the Meta app"
          summary="Create the app, add Instagram, paste the webhook URL and the verify token."
        />
        <VideoEmbed
          url={guide.videos.connect}
          title="Video: connecting your account"
          summary="Connect with Instagram Login and allow messages."
        />
        {guide.sandbox && (
          <Card className="bg-violet-50">
            <p className="font-medium">No Meta app yet?</p>
            <p className="mt-1 text-sm text-slate-700">
              The sandbox is a simulated Instagram: connect its demo shop and try your automations in the test
              phone.
            </p>
          </Card>
        )}
      </aside>
    </div>
  );
}

/** What to do on Instagram's and Meta's side, with the exact values to paste. */
export function SetupGuidePage() {
  const guide = useQuery(queries.setupGuide());
  return (
    <>
      <PageHeader
        title="Setup guide"
        description="Connect a real Instagram account: a professional account, a Meta app, and two values to paste."
      />
      {guide.isPending ? (
        <LoadingState />
      ) : guide.isError ? (
        <ErrorState error={guide.error} retry={() => guide.refetch()} />
      ) : (
        <Guide guide={guide.data} />
      )}
    </>
  );
}
