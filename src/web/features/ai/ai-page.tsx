import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useBlocker, useNavigate, useSearch } from "@tanstack/react-router";
import { type FormEvent, useId, useRef, useState } from "react";
import { ApiError, errorMessage } from "../../lib/api-client.ts";
import type { InstagramAccountView } from "../../lib/api-types.ts";
import { queries } from "../../lib/dashboard-queries.ts";
import { useMe } from "../../lib/use-me.ts";
import { Button, buttonClass } from "../../ui/button.tsx";
import { Badge, Card, PageHeader } from "../../ui/card.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { inputClass } from "../../ui/field.tsx";
import { EmptyState, ErrorState, LoadingState } from "../../ui/states.tsx";
import { useToast } from "../../ui/toast.tsx";
import { type AiSettingsView, aiApi, aiQueries, OFFLINE_REASON, PROVIDER_LABEL } from "./ai-api.ts";
import { type AiForm, type FormErrors, fromForm, toForm, toOverrides } from "./ai-form-model.ts";
import { AiSettingsForm } from "./ai-settings-form.tsx";
import { ProviderKeys } from "./provider-keys.tsx";
import { TryItBox } from "./try-it-box.tsx";

const number = (n: number) => n.toLocaleString();

/** Who answers with the saved settings, and this month's usage. */
function AnsweredBy({ view, canManageKeys }: { view: AiSettingsView; canManageKeys: boolean }) {
  const headingId = useId();
  const who = view.answeredBy;
  const offline = who.provider === "offline";
  const month = new Date(`${view.usage.month}-01T00:00:00Z`).toLocaleDateString(undefined, {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  return (
    <Card>
      <section aria-labelledby={headingId}>
        <h2 id={headingId} className="text-sm font-medium uppercase tracking-wide text-slate-500">
          Who answers
        </h2>
        {offline ? (
          <div className="mt-2">
            <p className="flex items-center gap-2 text-lg font-semibold text-amber-900">
              <span aria-hidden className="h-2.5 w-2.5 rounded-full bg-amber-500" />
              Offline answers
            </p>
            <p className="mt-2 text-sm text-slate-700">
              Answers come from your FAQ: the closest question's answer, or the fallback message when none is
              close. {who.reason ? OFFLINE_REASON[who.reason] : null}{" "}
              {who.reason !== "chosen" &&
                (canManageKeys
                  ? "Add an API key below to let a model write the answers."
                  : "Ask an admin to add an API key to let a model write the answers.")}
            </p>
          </div>
        ) : (
          <div className="mt-2">
            <p className="flex flex-wrap items-center gap-2">
              <Badge tone="green">{PROVIDER_LABEL[who.provider] ?? who.provider}</Badge>
              <span className="font-mono text-sm">{who.model}</span>
            </p>
            <p className="mt-2 text-sm text-slate-700">
              {who.source === "workspace" ? "With this workspace's key." : "With the server's key."} Your FAQ
              and business details are given to the model as facts.
            </p>
          </div>
        )}
        <p className="mt-4 border-t border-slate-100 pt-4 text-xs text-slate-500">Usage in {month}</p>
        <dl className="mt-1 grid grid-cols-2 gap-3 text-sm">
          <div>
            <dt className="text-slate-500">Requests</dt>
            <dd className="text-xl font-semibold">{number(view.usage.requests)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Tokens</dt>
            <dd className="text-xl font-semibold">
              {number(view.usage.inputTokens + view.usage.outputTokens)}
            </dd>
          </div>
          {view.usage.failures > 0 && (
            <div className="col-span-2 text-red-800">
              {number(view.usage.failures)} failed {view.usage.failures === 1 ? "request" : "requests"} this
              month
            </div>
          )}
        </dl>
      </section>
    </Card>
  );
}

/** The form of one account; keyed by the account so switching starts from its settings. */
function AccountAi({ accountId }: { accountId: string }) {
  const { can } = useMe();
  const readOnly = !can("ai:write");
  const settings = useQuery(aiQueries.settings(accountId));
  if (settings.isPending) return <LoadingState label="Loading AI settings…" />;
  if (settings.isError) return <ErrorState error={settings.error} retry={() => settings.refetch()} />;
  return <AccountAiEditor view={settings.data} readOnly={readOnly} canManageKeys={can("ai-keys:manage")} />;
}

function AccountAiEditor({
  view,
  readOnly,
  canManageKeys,
}: {
  view: AiSettingsView;
  readOnly: boolean;
  canManageKeys: boolean;
}) {
  const [form, setForm] = useState<AiForm>(() => toForm(view.settings));
  const [errors, setErrors] = useState<FormErrors>({});
  const [dirty, setDirty] = useState(false);
  const formRef = useRef(form);
  formRef.current = form;
  const queryClient = useQueryClient();
  const toast = useToast();
  // Leaving (another page, another account, closing the tab) with unsaved edits asks first.
  const blocker = useBlocker({
    shouldBlockFn: () => dirty,
    enableBeforeUnload: () => dirty,
    withResolver: true,
  });
  const save = useMutation({
    mutationFn: (s: AiSettingsView["settings"]) => aiApi.save(view.accountId, s),
    onSuccess: (saved) => {
      queryClient.setQueryData(aiQueries.settings(view.accountId).queryKey, saved);
      setForm(toForm(saved.settings));
      setDirty(false);
      toast("AI settings saved.");
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 400) setErrors({ form: e.message });
      toast(errorMessage(e), "error");
    },
  });
  const onChange = (patch: Partial<AiForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setDirty(true);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = fromForm(form);
    if (!result.ok) {
      setErrors(result.errors);
      toast("Some fields need a look before saving.", "error");
      // Focus the first invalid field so keyboard users land on it.
      requestAnimationFrame(() => document.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
      return;
    }
    setErrors({});
    save.mutate(result.settings);
  };
  const overrides = () => {
    const result = fromForm(formRef.current);
    return result.ok ? toOverrides(result.settings) : undefined;
  };
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
      <form onSubmit={submit} noValidate className="order-2 lg:order-1" aria-label="AI settings">
        {readOnly && (
          <p className="mb-4 rounded-lg bg-slate-100 p-3 text-sm text-slate-700">
            Your role can look at the AI settings but not change them.
          </p>
        )}
        <AiSettingsForm form={form} onChange={onChange} errors={errors} readOnly={readOnly} />
        {errors.form && (
          <p role="alert" className="mt-4 text-sm text-red-700">
            {errors.form}
          </p>
        )}
        {!readOnly && (
          <div className="sticky bottom-0 mt-6 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-slate-50/95 py-3 backdrop-blur">
            <Button type="submit" busy={save.isPending}>
              Save AI settings
            </Button>
            <span className="text-sm text-slate-600" aria-live="polite">
              {dirty ? "Unsaved changes" : view.saved ? "All changes saved" : "Using the defaults"}
            </span>
          </div>
        )}
      </form>
      <Dialog
        open={blocker.status === "blocked"}
        onClose={() => blocker.reset?.()}
        title="Leave without saving?"
        footer={
          <>
            <Button variant="secondary" onClick={() => blocker.reset?.()}>
              Stay
            </Button>
            <Button variant="danger" onClick={() => blocker.proceed?.()}>
              Discard changes
            </Button>
          </>
        }
      >
        Your changes to the AI settings are not saved yet.
      </Dialog>
      <div className="order-1 flex flex-col gap-6 lg:sticky lg:top-6 lg:order-2">
        <AnsweredBy view={view} canManageKeys={canManageKeys} />
        {!readOnly && <TryItBox accountId={view.accountId} overrides={overrides} />}
      </div>
    </div>
  );
}

function AccountPicker({ accounts, value }: { accounts: InstagramAccountView[]; value: string }) {
  const id = useId();
  const navigate = useNavigate();
  if (accounts.length < 2) return null;
  return (
    <div className="mb-6 max-w-sm">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        Account
      </label>
      <select
        id={id}
        className={`${inputClass} mt-1`}
        value={value}
        onChange={(e) => navigate({ to: "/ai", search: { account: e.target.value } })}
      >
        {accounts.map((a) => (
          <option key={a.id} value={a.id}>
            @{a.username}
          </option>
        ))}
      </select>
    </div>
  );
}

/** AI replies: per connected account, what the assistant knows, how it sounds, who answers. */
export function AiPage() {
  const { can } = useMe();
  const accounts = useQuery(queries.accounts());
  const search = useSearch({ strict: false }) as { account?: string };
  const account = accounts.data?.find((a) => a.id === search.account) ?? accounts.data?.[0];
  return (
    <>
      <PageHeader
        title="AI replies"
        description={
          account
            ? `How autodm answers DMs for @${account.username} when an automation hands a message to AI.`
            : "How autodm answers DMs when an automation hands a message to AI."
        }
      />
      {accounts.isPending ? (
        <LoadingState label="Loading accounts…" />
      ) : accounts.isError ? (
        <ErrorState error={accounts.error} retry={() => accounts.refetch()} />
      ) : !account ? (
        <EmptyState
          title="No account connected yet"
          action={
            can("accounts:connect") ? (
              <Link to="/accounts" className={buttonClass()}>
                Connect an account
              </Link>
            ) : undefined
          }
        >
          AI replies are set per Instagram account. Connect one first — the sandbox works without a Meta app.
        </EmptyState>
      ) : (
        <>
          <AccountPicker accounts={accounts.data} value={account.id} />
          <AccountAi key={account.id} accountId={account.id} />
        </>
      )}
      {can("ai-keys:manage") && (
        <div className="mt-8">
          <ProviderKeys />
        </div>
      )}
    </>
  );
}
