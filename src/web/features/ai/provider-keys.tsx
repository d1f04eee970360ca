import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { KeyedProvider } from "../../../shared/ai-settings.ts";
import { ApiError, errorMessage } from "../../lib/api-client.ts";
import { Button } from "../../ui/button.tsx";
import { Badge, Card } from "../../ui/card.tsx";
import { TextField } from "../../ui/field.tsx";
import { ErrorState, LoadingState } from "../../ui/states.tsx";
import { useToast } from "../../ui/toast.tsx";
import { aiApi, aiQueries, PROVIDER_LABEL, type ProvidersView } from "./ai-api.ts";

type ProviderRow = ProvidersView["providers"][number];

const KEY_HINT: Record<KeyedProvider, string> = {
  openai: "Starts with sk-. From your OpenAI account's API keys page.",
  anthropic: "Starts with sk-ant-. From the Anthropic console.",
  "openai-compatible": "A local or hosted server speaking OpenAI's chat API (Ollama, vLLM, LM Studio…).",
};

function ProviderKeyRow({ row }: { row: ProviderRow }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [apiKey, setApiKey] = useState("");
  const [baseUrl, setBaseUrl] = useState(row.workspaceKey?.baseUrl ?? "");
  const [model, setModel] = useState(row.workspaceKey?.model ?? "");
  const [error, setError] = useState<string>();
  const compatible = row.provider === "openai-compatible";
  const name = PROVIDER_LABEL[row.provider] ?? row.provider;
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["ai-providers"] }),
      queryClient.invalidateQueries({ queryKey: ["ai-settings"] }),
    ]);
  const save = useMutation({
    mutationFn: () =>
      aiApi.putKey(row.provider, {
        ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}),
        ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
        ...(model.trim() ? { model: model.trim() } : {}),
      }),
    onSuccess: async () => {
      setApiKey("");
      setEditing(false);
      toast(`${name} key saved.`);
      await refresh();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 400) setError(e.message);
      else toast(errorMessage(e), "error");
    },
  });
  const remove = useMutation({
    mutationFn: () => aiApi.deleteKey(row.provider),
    onSuccess: async () => {
      toast(`${name} key removed.`);
      await refresh();
    },
    onError: (e) => toast(errorMessage(e), "error"),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (compatible ? !baseUrl.trim() && !apiKey.trim() : !apiKey.trim()) {
      setError(compatible ? "Enter the server's base URL." : "Paste the API key.");
      return;
    }
    setError(undefined);
    save.mutate();
  };
  const own = row.workspaceKey;
  return (
    <li className="py-3">
      <div className="flex flex-wrap items-center gap-2">
        <span className="min-w-0 flex-1 font-medium">{name}</span>
        {own ? (
          <Badge tone="green">Workspace key</Badge>
        ) : row.environment ? (
          <Badge tone="slate">Set on the server</Badge>
        ) : (
          <Badge tone="amber">Not set</Badge>
        )}
      </div>
      {own && (
        <p className="mt-1 text-sm text-slate-600">
          {own.keyMasked && (
            <>
              Key <code className="font-mono">{own.keyMasked}</code>
            </>
          )}
          {own.baseUrl && <> · {own.baseUrl}</>}
          {own.model && <> · model {own.model}</>}
        </p>
      )}
      {editing ? (
        <form onSubmit={submit} noValidate className="mt-3 grid gap-3 md:grid-cols-2">
          <TextField
            label={`${name} API key`}
            type="password"
            autoComplete="off"
            value={apiKey}
            hint={own?.keyMasked ? "Leave empty to keep the saved key." : KEY_HINT[row.provider]}
            error={compatible ? undefined : error}
            onChange={(e) => setApiKey(e.target.value)}
          />
          {compatible && (
            <TextField
              label="Base URL"
              type="url"
              value={baseUrl}
              placeholder="http://localhost:11434/v1"
              hint={KEY_HINT[row.provider]}
              error={error}
              onChange={(e) => setBaseUrl(e.target.value)}
            />
          )}
          <TextField
            label={`${name} model (optional)`}
            value={model}
            onChange={(e) => setModel(e.target.value)}
            hint="Used when the AI settings name no model."
          />
          <div className="flex flex-wrap items-end gap-2 md:col-span-2">
            <Button type="submit" busy={save.isPending}>
              Save {name} key
            </Button>
            <Button variant="secondary" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <div className="mt-2 flex flex-wrap gap-2">
          <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
            {own ? "Replace" : "Add"} {name} key
          </Button>
          {own && (
            <Button
              variant="ghost"
              size="sm"
              className="text-red-700"
              busy={remove.isPending}
              onClick={() => remove.mutate()}
            >
              Remove {name} key
            </Button>
          )}
        </div>
      )}
    </li>
  );
}

/** The workspace's own provider keys (admins): stored encrypted, only ever shown masked. */
export function ProviderKeys() {
  const providers = useQuery(aiQueries.providers());
  return (
    <Card>
      <h2 className="text-lg font-semibold">Provider keys</h2>
      <p className="mt-1 text-sm text-slate-600">
        Keys of this workspace, for every account. Stored encrypted; after saving only the first and last
        characters show.
      </p>
      {providers.isPending ? (
        <LoadingState label="Loading provider keys…" />
      ) : providers.isError ? (
        <ErrorState error={providers.error} retry={() => providers.refetch()} />
      ) : (
        <ul aria-label="Provider keys" className="mt-2 divide-y divide-slate-100">
          {providers.data.providers.map((row) => (
            <ProviderKeyRow key={row.provider} row={row} />
          ))}
        </ul>
      )}
    </Card>
  );
}
