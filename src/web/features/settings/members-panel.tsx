import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import type { WorkspaceRole } from "../../../shared/permissions.ts";
import { errorMessage } from "../../lib/api-client.ts";
import { useMe } from "../../lib/use-me.ts";
import { Button } from "../../ui/button.tsx";
import { Badge, Card } from "../../ui/card.tsx";
import { CopyField } from "../../ui/copy-field.tsx";
import { cx } from "../../ui/cx.ts";
import { Dialog } from "../../ui/dialog.tsx";
import { inputClass, TextField } from "../../ui/field.tsx";
import { EmptyState, ErrorState, LoadingState } from "../../ui/states.tsx";
import { useToast } from "../../ui/toast.tsx";
import { type CreatedInvitation, type Member, settingsApi, settingsQueries } from "./settings-api.ts";
import { formatDate, grantableRoles, mayManageMember, ROLE_HELP, roleLabel } from "./settings-model.ts";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function RoleSelect({
  value,
  onChange,
  roles,
  label,
  hideLabel,
  disabled,
}: {
  value: WorkspaceRole;
  onChange: (role: WorkspaceRole) => void;
  roles: WorkspaceRole[];
  label: string;
  /** In a member's row the email says whose role it is: the label is for screen readers. */
  hideLabel?: boolean;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className={hideLabel ? "sr-only" : "block text-sm font-medium text-slate-800"}>
        {label}
      </label>
      <select
        id={id}
        className={cx(inputClass, !hideLabel && "mt-1")}
        value={value}
        disabled={disabled}
        aria-describedby={hideLabel ? undefined : `${id}-hint`}
        onChange={(e) => onChange(e.target.value as WorkspaceRole)}
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {roleLabel(r)}
          </option>
        ))}
      </select>
      {!hideLabel && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {ROLE_HELP[value]}
        </p>
      )}
    </div>
  );
}

function InviteForm({ onInvited }: { onInvited: (invitation: CreatedInvitation) => void }) {
  const { role } = useMe();
  const roles = grantableRoles(role);
  const [email, setEmail] = useState("");
  const [inviteRole, setInviteRole] = useState<WorkspaceRole>("viewer");
  const [error, setError] = useState<string>();
  const queryClient = useQueryClient();
  const toast = useToast();
  const invite = useMutation({
    mutationFn: () => settingsApi.invite(email.trim(), inviteRole),
    onSuccess: async (created) => {
      setEmail("");
      onInvited(created);
      await queryClient.invalidateQueries({ queryKey: ["invitations"] });
      toast(created.mailed ? `Invitation mailed to ${created.email}.` : `${created.email} is invited.`);
    },
    onError: (e) => toast(errorMessage(e), "error"),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!EMAIL.test(email.trim())) {
      setError("Enter an email address.");
      return;
    }
    setError(undefined);
    invite.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-[1fr_14rem_auto] sm:items-start">
      <TextField
        label="Email"
        type="email"
        autoComplete="off"
        value={email}
        error={error}
        onChange={(e) => setEmail(e.target.value)}
        placeholder="teammate@example.com"
      />
      <RoleSelect label="Role" value={inviteRole} onChange={setInviteRole} roles={roles} />
      <Button type="submit" busy={invite.isPending} className="sm:mt-6">
        Invite
      </Button>
    </form>
  );
}

function MemberRow({ member, onRemove }: { member: Member; onRemove: (m: Member) => void }) {
  const { me, role } = useMe();
  const queryClient = useQueryClient();
  const toast = useToast();
  const manageable = mayManageMember({ role, userId: me?.user?.id }, member);
  const change = useMutation({
    mutationFn: (next: WorkspaceRole) => settingsApi.updateRole(member.organizationId, member.id, next),
    onSuccess: async (_d, next) => {
      await queryClient.invalidateQueries({ queryKey: ["members"] });
      toast(`${member.user.name || member.user.email} is now ${next}.`);
    },
    onError: (e) => toast(errorMessage(e), "error"),
  });
  const isMe = member.userId === me?.user?.id;
  return (
    <li className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center">
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-2">
          <span className="truncate font-medium">{member.user.name || member.user.email}</span>
          {isMe && <Badge tone="violet">You</Badge>}
        </p>
        <p className="truncate text-sm text-slate-600">
          {member.user.email} · joined {formatDate(member.createdAt)}
        </p>
      </div>
      {manageable ? (
        <div className="flex flex-wrap items-end gap-2">
          <div className="w-40">
            <RoleSelect
              hideLabel
              label={`Role of ${member.user.email}`}
              value={member.role}
              roles={grantableRoles(role)}
              disabled={change.isPending}
              onChange={(next) => change.mutate(next)}
            />
          </div>
          <Button variant="ghost" size="sm" className="text-red-700" onClick={() => onRemove(member)}>
            Remove<span className="sr-only"> {member.user.email}</span>
          </Button>
        </div>
      ) : (
        <span className="self-start sm:self-auto">
          <Badge tone={member.role === "owner" ? "violet" : "slate"}>{roleLabel(member.role)}</Badge>
        </span>
      )}
    </li>
  );
}

function PendingInvitations({ created }: { created: CreatedInvitation | null }) {
  const invitations = useQuery(settingsQueries.invitations());
  const queryClient = useQueryClient();
  const toast = useToast();
  const cancel = useMutation({
    mutationFn: (id: string) => settingsApi.cancelInvitation(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["invitations"] });
      toast("Invitation cancelled.");
    },
    onError: (e) => toast(errorMessage(e), "error"),
  });
  return (
    <section aria-labelledby="pending-title" className="mt-6">
      <h3 id="pending-title" className="mb-2 font-semibold">
        Pending invitations
      </h3>
      {invitations.isPending ? (
        <LoadingState label="Loading invitations…" />
      ) : invitations.isError ? (
        <ErrorState error={invitations.error} retry={() => invitations.refetch()} />
      ) : invitations.data.length === 0 ? (
        <p className="text-sm text-slate-600">No invitation is waiting for an answer.</p>
      ) : (
        <ul aria-label="Pending invitations" className="flex flex-col gap-3">
          {invitations.data.map((inv) => (
            <li key={inv.id} className="rounded-lg border border-slate-200 p-3">
              <div className="flex flex-wrap items-center gap-2">
                <span className="min-w-0 basis-full truncate font-medium sm:flex-1 sm:basis-auto">
                  {inv.email}
                </span>
                <Badge>{roleLabel(inv.role)}</Badge>
                <span className="text-xs text-slate-500">expires {formatDate(inv.expiresAt)}</span>
                <Button
                  variant="ghost"
                  size="sm"
                  className="text-red-700"
                  busy={cancel.isPending && cancel.variables === inv.id}
                  onClick={() => cancel.mutate(inv.id)}
                >
                  Cancel<span className="sr-only"> the invitation of {inv.email}</span>
                </Button>
              </div>
              {inv.link && created?.id !== inv.id && (
                <div className="mt-2">
                  <CopyField label={`Invitation link for ${inv.email}`} value={inv.link} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function MembersPanel() {
  const { me } = useMe();
  const workspaceId = me?.workspace.id ?? "";
  const members = useQuery({ ...settingsQueries.members(workspaceId), enabled: Boolean(workspaceId) });
  const queryClient = useQueryClient();
  const toast = useToast();
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [confirm, setConfirm] = useState<Member | null>(null);
  const remove = useMutation({
    mutationFn: (m: Member) => settingsApi.removeMember(m.organizationId, m.id),
    onSuccess: async (_d, m) => {
      setConfirm(null);
      await queryClient.invalidateQueries({ queryKey: ["members"] });
      toast(`${m.user.email} is no longer a member.`);
    },
    onError: (e) => toast(errorMessage(e), "error"),
  });
  return (
    <div className="flex flex-col gap-6">
      <Card>
        <h2 className="text-lg font-semibold">Invite someone</h2>
        <p className="mb-4 mt-1 text-sm text-slate-600">
          They get a link to join this workspace with the role you choose. Without email set up on the server,
          copy the link and send it yourself.
        </p>
        <InviteForm onInvited={setCreated} />
        {created && !created.mailed && created.link && (
          <div role="status" className="mt-4 rounded-lg bg-violet-50 p-3">
            <CopyField label={`Invitation link for ${created.email}`} value={created.link} />
            <p className="mt-1 text-xs text-slate-600">
              Anyone with this link can join as {created.role} until {formatDate(created.expiresAt)}.
            </p>
          </div>
        )}
        <PendingInvitations created={created} />
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">Members</h2>
        {members.isPending ? (
          <LoadingState label="Loading members…" />
        ) : members.isError ? (
          <ErrorState error={members.error} retry={() => members.refetch()} />
        ) : members.data.length === 0 ? (
          <EmptyState title="No members yet" />
        ) : (
          <ul aria-label="Members" className="divide-y divide-slate-100">
            {members.data.map((m) => (
              <MemberRow key={m.id} member={m} onRemove={setConfirm} />
            ))}
          </ul>
        )}
      </Card>
      <Dialog
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        title={`Remove ${confirm?.user.email ?? ""}?`}
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirm(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              busy={remove.isPending}
              onClick={() => confirm && remove.mutate(confirm)}
            >
              Remove
            </Button>
          </>
        }
      >
        They lose access to this workspace at once. You can invite them again later.
      </Dialog>
    </div>
  );
}
