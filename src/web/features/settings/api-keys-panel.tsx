import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import type { WorkspaceRole } from "../../../shared/permissions.ts";
import { errorMessage } from "../../lib/api-client.ts";
import { useMe } from "../../lib/use-me.ts";
import { Button } from "../../ui/button.tsx";
import { Badge, Card } from "../../ui/card.tsx";
import { CopyField } from "../../ui/copy-field.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { inputClass, TextField } from "../../ui/field.tsx";
import { EmptyState, ErrorState, LoadingState } from "../../ui/states.tsx";
import { useToast } from "../../ui/toast.tsx";
import { RoleSelect } from "./members-panel.tsx";
import { type ApiKeyView, type CreatedApiKey, settingsApi, settingsQueries } from "./settings-api.ts";
import {
  EXPIRY_CHOICES,
  expiryDays,
  formatDate,
  formatDateTime,
  grantableRoles,
  roleLabel,
} from "./settings-model.ts";

function CreateKeyForm({ onCreated }: { onCreated: (key: CreatedApiKey) => void }) {
  const { role } = useMe();
  const roles = grantableRoles(role);
  const expiryId = useId();
  const [name, setName] = useState("");
  const [keyRole, setKeyRole] = useState<WorkspaceRole>("editor");
  const [expiry, setExpiry] = useState("");
  const [error, setError] = useState<string>();
  const queryClient = useQueryClient();
  const toast = useToast();
  const create = useMutation({
    mutationFn: () => {
      const days = expiryDays(expiry);
      return settingsApi.createApiKey({
        name: name.trim(),
        role: keyRole,
        ...(days ? { expiresInDays: days } : {}),
      });
    },
    onSuccess: async (created) => {
      setName("");
      onCreated(created);
      await queryClient.invalidateQueries({ queryKey: ["api-keys"] });
    },
    onError: (e) => toast(errorMessage(e), "error"),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError("Give the key a name, e.g. where it is used.");
      return;
    }
    setError(undefined);
    create.mutate();
  };
  return (
    <form
      onSubmit={submit}
      noValidate
      className="grid gap-3 md:grid-cols-[1fr_12rem_10rem_auto] md:items-start"
    >
      <TextField
        label="Name"
        value={name}
        maxLength={100}
        error={error}
        onChange={(e) => setName(e.target.value)}
        placeholder="Zapier, CRM sync…"
      />
      <RoleSelect label="Role" value={keyRole} onChange={setKeyRole} roles={roles} />
      <div>
        <label htmlFor={expiryId} className="block text-sm font-medium text-slate-800">
          Expires
        </label>
        <select
          id={expiryId}
          className={`${inputClass} mt-1`}
          value={expiry}
          onChange={(e) => setExpiry(e.target.value)}
        >
          {EXPIRY_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" busy={create.isPending} className="md:mt-6">
        Create key
      </Button>
    </form>
  );
}

/** The one time the whole key exists outside the caller's hands: copy it now. */
function NewKeyNotice({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  return (
    <div role="status" className="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <p className="font-medium text-amber-950">Copy this key now — it will not be shown again.</p>
      <p className="mt-1 text-sm text-amber-900">
        autodm stores only a hash of it. Send it as <code className="font-mono">Authorization: Bearer …</code>
        . If you lose it, revoke it and create another.
      </p>
      <div className="mt-3">
        <CopyField label={`API key "${created.name ?? ""}"`} value={created.key} />
      </div>
      <Button variant="secondary" size="sm" className="mt-3" onClick={onDone}>
        I have copied it
      </Button>
    </div>
  );
}

function KeyRow({ apiKey, onRevoke }: { apiKey: ApiKeyView; onRevoke: (k: ApiKeyView) => void }) {
  const expired = apiKey.expiresAt ? new Date(apiKey.expiresAt).getTime() < Date.now() : false;
  return (
    <li className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center">
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-2">
          <span className="truncate font-medium">{apiKey.name || "Unnamed key"}</span>
          {apiKey.role && <Badge>{roleLabel(apiKey.role)}</Badge>}
          {expired && <Badge tone="red">Expired</Badge>}
        </p>
        <p className="mt-0.5 text-sm text-slate-600">
          <code className="font-mono">{apiKey.masked}</code> · created {formatDate(apiKey.createdAt)} · last
          used {formatDateTime(apiKey.lastUsedAt, "never")}
          {apiKey.expiresAt && !expired && <> · expires {formatDate(apiKey.expiresAt)}</>}
        </p>
      </div>
      <Button
        variant="ghost"
        size="sm"
        className="self-start text-red-700 sm:self-auto"
        onClick={() => onRevoke(apiKey)}
      >
        Revoke<span className="sr-only"> {apiKey.name}</span>
      </Button>
    </li>
  );
}

export function ApiKeysPanel() {
  const keys = useQuery(settingsQueries.apiKeys());
  const queryClient = useQueryClient();
  const toast = useToast();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [confirm, setConfirm] = useState<ApiKeyView | null>(null);
  const revoke = useMutation({
    mutationFn: (k: ApiKeyView) => settingsApi.revokeApiKey(k.id),
    onSuccess: async (_d, k) => {
      setConfirm(null);
      if (created?.id === k.id) setCreated(null);
      await queryClient.invalidateQueries({ queryKey: ["api-keys"] });
      toast(`"${k.name ?? "key"}" is revoked: it no longer works.`);
    },
    onError: (e) => toast(errorMessage(e), "error"),
  });
  return (
    <div className="flex flex-col gap-6">
      <Card>
        <h2 className="text-lg font-semibold">Create an API key</h2>
        <p className="mb-4 mt-1 text-sm text-slate-600">
          A key acts in this workspace with the role you give it — for scripts and other tools calling the
          autodm API.
        </p>
        <CreateKeyForm onCreated={setCreated} />
        {created && <NewKeyNotice created={created} onDone={() => setCreated(null)} />}
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">API keys</h2>
        {keys.isPending ? (
          <LoadingState label="Loading API keys…" />
        ) : keys.isError ? (
          <ErrorState error={keys.error} retry={() => keys.refetch()} />
        ) : keys.data.length === 0 ? (
          <div className="mt-3">
            <EmptyState title="No API key yet">Create one above when a tool needs to call autodm.</EmptyState>
          </div>
        ) : (
          <ul aria-label="API keys" className="divide-y divide-slate-100">
            {keys.data.map((k) => (
              <KeyRow key={k.id} apiKey={k} onRevoke={setConfirm} />
            ))}
          </ul>
        )}
      </Card>
      <Dialog
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        title={`Revoke "${confirm?.name ?? ""}"?`}
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirm(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              busy={revoke.isPending}
              onClick={() => confirm && revoke.mutate(confirm)}
            >
              Revoke key
            </Button>
          </>
        }
      >
        Anything still using this key is refused from now on. This cannot be undone.
      </Dialog>
    </div>
  );
}
