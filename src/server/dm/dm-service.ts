import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { DmSendInput, DmStatusView } from "../../shared/api/dm.ts";
import type { DmProvider } from "../../shared/api/leads.ts";
import type { Db } from "../db/database.ts";
import { contacts, outboundMessages } from "../db/schema/index.ts";
import { AppError, notFound } from "../errors.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import type { LeadRow } from "../leads/leads-repo.ts";
import type { LeadsService } from "../leads/leads-service.ts";
import { InstagramProvider } from "./instagram-provider.ts";
import type { MessagingProvider } from "./messaging-provider.ts";
import { WhatsAppPlaceholder } from "./whatsapp-placeholder.ts";

export function toDmStatus(lead: LeadRow): DmStatusView {
  return {
    leadId: lead.id,
    status: lead.dmStatus,
    provider: lead.dmProvider,
    attempts: lead.dmAttempts,
    lastError: lead.dmError,
    messageId: lead.dmMessageId,
    sentAt: lead.dmSentAt?.toISOString() ?? null,
    updatedAt: lead.updatedAt.toISOString(),
  };
}

/** The DM API: which lead, which provider, once per idempotency key; retry of a failed DM. */
export class DmService {
  private readonly instagram: InstagramProvider;
  private readonly providers: Record<DmProvider, MessagingProvider>;

  constructor(private readonly deps: { db: Db; leads: LeadsService; jobQueue: JobQueue }) {
    this.instagram = new InstagramProvider({ db: deps.db, leads: deps.leads.repo, jobQueue: deps.jobQueue });
    this.providers = { instagram: this.instagram, whatsapp: new WhatsAppPlaceholder(deps.leads.repo) };
  }

  /** The lead by id, or the person with this Instagram id (made a lead from their conversation). */
  private async resolveLead(workspaceId: string, input: z.output<typeof DmSendInput>): Promise<LeadRow> {
    if (input.leadId) return this.deps.leads.repo.get(workspaceId, input.leadId);
    const igsid = input.instagramId as string;
    const lead = await this.deps.leads.repo.findByInstagramId(workspaceId, igsid);
    if (lead) return lead;
    const [contact] = await this.deps.db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.igsid, igsid)))
      .limit(1);
    if (!contact) throw notFound("person with this Instagram id");
    return (await this.deps.leads.fromContact(workspaceId, contact.id, "api")).lead;
  }

  async send(workspaceId: string, input: z.output<typeof DmSendInput>): Promise<LeadRow> {
    const lead = await this.resolveLead(workspaceId, input);
    if (!input.text) {
      throw new AppError("not_implemented", "message templates come with the inbox; send a text for now");
    }
    const key = `dm-api:${workspaceId}:${input.idempotencyKey ?? randomUUID()}`;
    if (input.idempotencyKey && (await this.seen(lead, key))) return lead;
    return this.providers[input.channel].send({ workspaceId, lead, text: input.text, key });
  }

  /** A repeated call: this key is the lead's last request, or a send was already made with it. */
  private async seen(lead: LeadRow, key: string) {
    if (lead.dmRequestKey === key) return true;
    const [sent] = await this.deps.db
      .select({ id: outboundMessages.id })
      .from(outboundMessages)
      .where(eq(outboundMessages.idempotencyKey, key))
      .limit(1);
    return Boolean(sent);
  }

  async status(workspaceId: string, leadId: string) {
    return toDmStatus(await this.deps.leads.repo.get(workspaceId, leadId));
  }

  /** Re-sends a failed DM's text under a fresh key (409 unless it failed; two retries at once: one wins). */
  async retry(workspaceId: string, leadId: string): Promise<LeadRow> {
    const lead = await this.deps.leads.repo.get(workspaceId, leadId);
    if (lead.dmStatus !== "failed" || !lead.dmText || !lead.dmRequestKey) {
      throw new AppError("conflict", `only a failed DM can be retried (this one is ${lead.dmStatus})`);
    }
    const base = lead.dmRequestKey.replace(/:retry:[^:]+$/, "");
    return this.instagram.send(
      { workspaceId, lead, text: lead.dmText, key: `${base}:retry:${randomUUID()}` },
      true,
    );
  }
}
