import { Link, useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { useEffect, useMemo, useState } from "react";
import { ApiError, errorMessage } from "../../lib/api-client.ts";
import { useMe } from "../../lib/use-me.ts";
import { Button } from "../../ui/button.tsx";
import { Badge, PageHeader } from "../../ui/card.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { ErrorState, LoadingState } from "../../ui/states.tsx";
import { useToast } from "../../ui/toast.tsx";
import { ActionsStep } from "./actions-step.tsx";
import { useAccounts, useAutomation, useAutomationMutations, useTemplates } from "./automations-api.ts";
import { ConditionsStep } from "./conditions-step.tsx";
import {
  type AutomationForm,
  emptyForm,
  type FieldErrors,
  fromInput,
  serverErrorsToFields,
  toInput,
  validateForm,
} from "./form-model.ts";
import { OptionsStep } from "./options-step.tsx";
import { PhonePreview } from "./phone-preview.tsx";
import { buildPreview } from "./preview-model.ts";
import { STEPS, type StepId, StepNav } from "./step-nav.tsx";
import { TriggerStep } from "./trigger-step.tsx";

/** /automations/new (optionally ?template=<id>) and /automations/$id: the multi-step builder with its live preview. */
export function AutomationEditorPage() {
  const { id } = useParams({ strict: false }) as { id?: string };
  const { template } = useSearch({ strict: false }) as { template?: string };
  const existing = useAutomation(id);
  const templates = useTemplates(!id && Boolean(template));
  const [form, setForm] = useState<AutomationForm | null>(null);
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);

  const source = id ? `id:${id}` : `new:${template ?? ""}`;
  const ready = id ? existing.data : template ? templates.data : true;
  useEffect(() => {
    if (loadedFor === source || !ready) return;
    setLoadError(null);
    try {
      if (id && existing.data) {
        const {
          id: _i,
          workspaceId: _w,
          createdAt: _c,
          updatedAt: _u,
          counters: _n,
          ...input
        } = existing.data;
        setForm(fromInput(input));
      } else if (!id && template && templates.data) {
        const t = templates.data.find((x) => x.id === template);
        setForm(t ? fromInput(t.automation) : emptyForm());
      } else if (!id) setForm(emptyForm());
    } catch (error) {
      // A stored automation this builder's model cannot read (a newer version): say so.
      setLoadError(error);
    }
    setLoadedFor(source);
  }, [source, loadedFor, ready, id, template, existing.data, templates.data]);

  if (id && existing.isError) return <ErrorState error={existing.error} retry={() => existing.refetch()} />;
  if (!id && template && templates.isError)
    return <ErrorState error={templates.error} retry={() => templates.refetch()} />;
  if (loadError && loadedFor === source)
    return <ErrorState title="This automation cannot be opened in the builder" error={loadError} />;
  if (!form || loadedFor !== source) return <LoadingState label="Loading the automation…" />;
  return (
    <Editor
      key={source}
      id={id}
      initial={form}
      enabled={existing.data?.enabled ?? null}
      fromTemplate={Boolean(!id && template && templates.data?.some((t) => t.id === template))}
    />
  );
}

function Editor({
  id,
  initial,
  enabled,
  fromTemplate,
}: {
  id: string | undefined;
  initial: AutomationForm;
  enabled: boolean | null;
  fromTemplate: boolean;
}) {
  const { can } = useMe();
  const mayEdit = can("automations:write");
  const navigate = useNavigate();
  const toast = useToast();
  const accounts = useAccounts();
  const m = useAutomationMutations();
  const [form, setForm] = useState(initial);
  const [step, setStep] = useState<StepId>(fromTemplate ? "actions" : "trigger");
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [showAll, setShowAll] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [variant, setVariant] = useState(0);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);

  const validation = useMemo(() => validateForm(form), [form]);
  const localErrors = validation.ok ? {} : validation.errors;
  const errors: FieldErrors = useMemo(() => {
    const shown: FieldErrors = {};
    for (const [path, message] of Object.entries(localErrors)) {
      if (showAll || [...touched].some((t) => path === t || path.startsWith(`${t}.`))) shown[path] = message;
    }
    return { ...shown, ...serverErrors };
  }, [localErrors, showAll, touched, serverErrors]);
  const scene = useMemo(() => buildPreview(toInput(form), variant), [form, variant]);
  const accountName =
    accounts.data?.find((a) => a.id === form.accountId)?.username ??
    accounts.data?.[0]?.username ??
    "your_account";

  const change = (patch: Partial<AutomationForm>, section: string) => {
    setForm((f) => ({ ...f, ...patch }));
    setTouched((t) => (t.has(section) ? t : new Set(t).add(section)));
    setServerErrors({});
    setRefusal(null);
    setSaved(null);
  };
  const setActions = (actions: AutomationForm["actions"], section = "actions") =>
    change({ actions }, section);

  const busy = m.create.isPending || m.replace.isPending;
  async function save(enable: boolean) {
    setShowAll(true);
    const v = validateForm({ ...form, enabled: enable });
    if (!v.ok) {
      const first = STEPS.find((s) => Object.keys(v.errors).some(s.owns));
      if (first) setStep(first.id);
      toast("Fix the highlighted fields before saving.", "error");
      return;
    }
    try {
      if (id) {
        await m.replace.mutateAsync({ id, input: v.input });
        setSaved("Saved");
        toast("Saved");
      } else {
        const created = await m.create.mutateAsync(v.input);
        toast(enable ? "Saved and enabled" : "Saved as a draft");
        await navigate({ to: "/automations/$id", params: { id: created.id } });
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        const fields = serverErrorsToFields(error);
        setServerErrors(fields);
        setRefusal(`Not saved: the server refused it (${error.code}). The fields it named are highlighted.`);
        const first = STEPS.find((s) => Object.keys(fields).some(s.owns));
        if (first) setStep(first.id);
      }
      toast(errorMessage(error), "error");
    }
  }

  async function run(what: () => Promise<unknown>, done: string) {
    try {
      await what();
      toast(done);
    } catch (error) {
      toast(errorMessage(error), "error");
    }
  }

  const stepIndex = STEPS.findIndex((s) => s.id === step);

  return (
    <div>
      <PageHeader
        title={id ? form.name || "Automation" : "New automation"}
        description={
          <>
            <Link to="/automations" className="text-violet-700 hover:underline">
              ← All automations
            </Link>
            {id && enabled !== null && (
              <span className="ml-3">
                <Badge tone={enabled ? "green" : "slate"}>{enabled ? "Enabled" : "Disabled"}</Badge>
              </span>
            )}
          </>
        }
        actions={
          id && mayEdit ? (
            <>
              <Button
                variant="secondary"
                size="sm"
                busy={m.setEnabled.isPending}
                onClick={() =>
                  run(
                    () => m.setEnabled.mutateAsync({ id, enabled: !enabled }),
                    enabled ? "Disabled" : "Enabled",
                  )
                }
              >
                {enabled ? "Disable" : "Enable"}
              </Button>
              <Button
                variant="secondary"
                size="sm"
                busy={m.duplicate.isPending}
                onClick={() =>
                  run(async () => {
                    const copy = await m.duplicate.mutateAsync(id);
                    await navigate({ to: "/automations/$id", params: { id: copy.id } });
                  }, "Duplicated")
                }
              >
                Duplicate
              </Button>
              <Button variant="danger" size="sm" onClick={() => setConfirmDelete(true)}>
                Delete
              </Button>
            </>
          ) : undefined
        }
      />
      {!mayEdit && (
        <p role="note" className="mb-4 rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
          Your role can look at automations but not change them.
        </p>
      )}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_360px]">
        <form
          aria-label="Automation"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save(id ? (enabled ?? true) : true);
          }}
        >
          <StepNav step={step} errors={errors} onStep={setStep} />

          <fieldset
            disabled={!mayEdit}
            className="min-w-0 rounded-xl border border-slate-200 bg-white p-4 sm:p-5"
          >
            <legend className="sr-only">{STEPS[stepIndex]?.label}</legend>
            {step === "trigger" && (
              <TriggerStep
                form={form}
                errors={errors}
                accounts={accounts.data ?? []}
                onChange={(p) => change(p, "trigger" in p ? "trigger" : "name" in p ? "name" : "accountId")}
              />
            )}
            {step === "conditions" && (
              <ConditionsStep form={form} errors={errors} onChange={(p) => change(p, "conditions")} />
            )}
            {step === "actions" && (
              <ActionsStep
                actions={form.actions}
                errors={errors}
                commentTrigger={form.trigger.type === "comment_keyword"}
                onChange={setActions}
              />
            )}
            {step === "options" && (
              <OptionsStep form={form} errors={errors} onChange={(p) => change(p, "options")} />
            )}
          </fieldset>

          {refusal && (
            <p role="alert" className="mt-3 text-sm text-red-700">
              {refusal}
            </p>
          )}
          {errors["(root)"] && (
            <p role="alert" className="mt-3 text-sm text-red-700">
              {errors["(root)"]}
            </p>
          )}
          <div className="mt-4 flex flex-wrap items-center justify-between gap-2">
            <div className="flex gap-2">
              <Button
                variant="secondary"
                disabled={stepIndex === 0}
                onClick={() => setStep(STEPS[stepIndex - 1]?.id ?? step)}
              >
                Back
              </Button>
              <Button
                variant="secondary"
                disabled={stepIndex === STEPS.length - 1}
                onClick={() => setStep(STEPS[stepIndex + 1]?.id ?? step)}
              >
                Next
              </Button>
            </div>
            {mayEdit && (
              <div className="flex flex-wrap items-center gap-2">
                {saved && (
                  <span role="status" className="text-sm text-emerald-700">
                    {saved}
                  </span>
                )}
                {id ? (
                  <Button type="submit" busy={busy}>
                    Save
                  </Button>
                ) : (
                  <>
                    <Button variant="secondary" busy={busy} onClick={() => void save(false)}>
                      Save as draft
                    </Button>
                    <Button busy={busy} onClick={() => void save(true)}>
                      Save and enable
                    </Button>
                  </>
                )}
              </div>
            )}
          </div>
        </form>

        <aside aria-label="Preview" className="lg:sticky lg:top-4 lg:self-start">
          <div className="mb-2 flex items-center justify-between">
            <h2 className="text-sm font-semibold text-slate-700">What the person sees</h2>
            <button
              type="button"
              className="rounded text-xs text-violet-700 hover:underline"
              onClick={() => setVariant((v) => v + 1)}
            >
              Show another variation
            </button>
          </div>
          <PhonePreview scene={scene} account={accountName} />
        </aside>
      </div>

      <Dialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title="Delete this automation?"
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmDelete(false)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              busy={m.remove.isPending}
              onClick={() =>
                id &&
                run(async () => {
                  await m.remove.mutateAsync(id);
                  setConfirmDelete(false);
                  await navigate({ to: "/automations" });
                }, "Deleted")
              }
            >
              Delete
            </Button>
          </>
        }
      >
        It stops answering at once. Its past activity stays in the log.
      </Dialog>
    </div>
  );
}
