import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { api, errorMessage } from "../../lib/api-client.ts";
import { queries, type TemplateView } from "../../lib/dashboard-queries.ts";
import { useMe } from "../../lib/use-me.ts";
import { Button, buttonClass } from "../../ui/button.tsx";
import { Card, PageHeader } from "../../ui/card.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { TextField } from "../../ui/field.tsx";
import { ErrorState, LoadingState } from "../../ui/states.tsx";
import { useToast } from "../../ui/toast.tsx";

/** A colour per template, so the gallery reads at a glance (no emoji: not every system has the font). */
const TINTS: Record<string, string> = {
  commentToDmLink: "from-fuchsia-500 to-orange-400",
  appointmentBooking: "from-sky-500 to-indigo-500",
  leadQualification: "from-emerald-500 to-teal-500",
  faqBot: "from-violet-500 to-purple-600",
  storyMentionThanks: "from-pink-500 to-rose-500",
  welcomeMessage: "from-amber-400 to-orange-500",
};

type Values = Partial<Record<TemplateView["fields"][number]["name"], string>>;

function validate(template: TemplateView, values: Values): Values {
  const errors: Values = {};
  for (const f of template.fields) {
    const v = (values[f.name] ?? "").trim();
    if (!v) errors[f.name] = `Enter ${f.label.toLowerCase()}.`;
    else if (f.kind === "url" && !/^https?:\/\/\S+\.\S+/.test(v))
      errors[f.name] = "Enter a full link, starting with https://";
    else if (f.name === "keyword" && v.length > 50) errors[f.name] = "Keep the keyword under 50 characters.";
  }
  return errors;
}

/** "Use this template": its few settings, then a real automation, switched on. */
function UseTemplateDialog({ template, onClose }: { template: TemplateView | null; onClose: () => void }) {
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<Values>({});
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const toast = useToast();
  const create = useMutation({
    mutationFn: (body: Values) =>
      api.post<{ id: string; name: string }>(
        `/api/automation-templates/${encodeURIComponent(template?.id ?? "")}`,
        body,
      ),
    onSuccess: async (automation) => {
      toast(`"${automation.name}" is on.`);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["automations"] }),
        queryClient.invalidateQueries({ queryKey: ["onboarding"] }),
      ]);
      onClose();
      await navigate({ to: "/automations/$id", params: { id: automation.id } });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!template) return;
    const filled: Values = {};
    for (const f of template.fields) filled[f.name] = (values[f.name] ?? f.default).trim();
    const problems = validate(template, filled);
    setErrors(problems);
    if (Object.keys(problems).length === 0) create.mutate(filled);
  };
  return (
    <Dialog
      open={template !== null}
      onClose={() => {
        setValues({});
        setErrors({});
        create.reset();
        onClose();
      }}
      title={template ? `Use “${template.name}”` : ""}
    >
      {template && (
        <form noValidate onSubmit={submit} className="flex flex-col gap-4">
          <p>{template.description}</p>
          {template.fields.map((f) => (
            <TextField
              key={f.name}
              label={f.label}
              type={f.kind === "url" ? "url" : "text"}
              value={values[f.name] ?? f.default}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
              error={errors[f.name]}
            />
          ))}
          {create.isError && (
            <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-red-800">
              {errorMessage(create.error)}
            </p>
          )}
          <div className="flex flex-wrap justify-end gap-2">
            <Link
              to="/automations/new"
              search={{ template: template.id }}
              className={buttonClass("secondary")}
            >
              Customize first
            </Link>
            <Button type="submit" busy={create.isPending}>
              Create and switch on
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

/** The six ready-made automations; each becomes a real one in a click (or opens in the editor). */
export function TemplatesPage() {
  const templates = useQuery(queries.templates());
  const { can } = useMe();
  const [chosen, setChosen] = useState<TemplateView | null>(null);
  return (
    <>
      <PageHeader
        title="Templates"
        description="Ready-made automations. Pick one, adjust a word or a link, and it runs."
      />
      {templates.isPending ? (
        <LoadingState />
      ) : templates.isError ? (
        <ErrorState error={templates.error} retry={() => templates.refetch()} />
      ) : (
        <ul aria-label="Templates" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {templates.data.map((t) => (
            <li key={t.id}>
              <Card className="flex h-full flex-col">
                <span
                  aria-hidden
                  className={`grid h-9 w-9 place-items-center rounded-lg bg-gradient-to-br font-bold text-white ${TINTS[t.id] ?? "from-slate-500 to-slate-700"}`}
                >
                  {t.name.slice(0, 1)}
                </span>
                <h2 className="mt-2 font-semibold">{t.name}</h2>
                <p className="mt-1 flex-1 text-sm text-slate-600">{t.description}</p>
                <p className="mt-3 text-xs font-medium uppercase tracking-wide text-slate-500">
                  When: {t.when}
                </p>
                {can("automations:write") && (
                  <div className="mt-4 flex flex-wrap gap-2">
                    <Button size="sm" onClick={() => setChosen(t)}>
                      Use template<span className="sr-only"> {t.name}</span>
                    </Button>
                    <Link
                      to="/automations/new"
                      search={{ template: t.id }}
                      className={buttonClass("ghost", "sm")}
                    >
                      Customize<span className="sr-only"> {t.name}</span>
                    </Link>
                  </div>
                )}
              </Card>
            </li>
          ))}
        </ul>
      )}
      <UseTemplateDialog template={chosen} onClose={() => setChosen(null)} />
    </>
  );
}
