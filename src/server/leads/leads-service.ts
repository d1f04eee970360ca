import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { LEAD_SOURCES, type LeadInput, type LeadPatch, type LeadSource } from "../../shared/api/leads.ts";
import { type ContactRow, ContactsRepo } from "../conversations/contacts-repo.ts";
import type { Db } from "../db/database.ts";
import { contacts } from "../db/schema/index.ts";
import { notFound } from "../errors.ts";
import type { InboundEvent } from "../instagram/inbound-event.ts";
import { type LeadChanges, type LeadData, type LeadRow, LeadsRepo, toLeadView } from "./leads-repo.ts";
import { toE164 } from "./phone.ts";

/** What the outgoing webhooks are told (src/server/outgoing-webhooks); a no-op without them. */
export interface LeadEvents {
  emit(workspaceId: string, event: "lead.created" | "lead.updated", data: unknown): Promise<void>;
}

type ParsedInput = z.output<typeof LeadInput>;
type ParsedPatch = z.output<typeof LeadPatch>;

const Email = z.email();

function normalized<T extends { email?: string | null; phone?: string | null }>(input: T): T {
  return {
    ...input,
    ...(input.email ? { email: input.email.toLowerCase() } : {}),
    ...(input.phone ? { phone: toE164(input.phone) } : {}),
  };
}

/**
 * Lead use cases: created by hand or by API, from a conversation, by an automation's save_lead;
 * validated (E.164 phones, lower-cased emails), deduplicated by the repo, announced as events.
 */
export class LeadsService {
  readonly repo: LeadsRepo;
  constructor(private readonly deps: { db: Db; events?: LeadEvents }) {
    this.repo = new LeadsRepo(deps.db);
  }

  private async announce(workspaceId: string, saved: { lead: LeadRow; created: boolean }) {
    await this.deps.events?.emit(workspaceId, saved.created ? "lead.created" : "lead.updated", {
      lead: toLeadView(saved.lead),
    });
    return saved;
  }

  async create(workspaceId: string, input: ParsedInput) {
    const data = normalized(input) as LeadData;
    return this.announce(workspaceId, await this.repo.save(workspaceId, data));
  }

  async update(workspaceId: string, id: string, patch: ParsedPatch) {
    const row = await this.repo.update(workspaceId, id, normalized(patch) as LeadChanges);
    return (await this.announce(workspaceId, { lead: row, created: false })).lead;
  }

  /** Turns a conversation into a lead (the inbox's "Create lead", or POST /api/leads/from-contact). */
  async fromContact(workspaceId: string, contactId: string, source: LeadSource = "instagram_dm") {
    const [contact] = /^[0-9a-f-]{36}$/i.test(contactId)
      ? await this.deps.db
          .select()
          .from(contacts)
          .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)))
      : [];
    if (!contact) throw notFound("conversation");
    return this.capture(contact, { source });
  }

  /**
   * The save_lead action: the person of the conversation, with what the automation captured
   * (the contact's fields; an `email` / `phone` field fills those columns when valid). The
   * action's source is kept as given: a known source as is, any other label as `automation`.
   */
  async fromAutomation(
    contactId: string,
    ctx: { source?: string; automationId: string; event: InboundEvent },
  ) {
    // Read now, not when the run started: a set_field earlier in the run captured something.
    const [contact] = await this.deps.db.select().from(contacts).where(eq(contacts.id, contactId));
    if (!contact) throw notFound("conversation");
    const label = ctx.source?.trim();
    const known = LEAD_SOURCES.find((s) => s === label);
    const fallback: LeadSource = label ? "automation" : ctx.event.comment ? "comment" : "instagram_dm";
    return this.capture(contact, {
      source: known ?? fallback,
      sourceDetail: known ? null : (label ?? null),
      automationId: ctx.automationId,
      mediaId: ctx.event.comment?.mediaId ?? ctx.event.mediaId ?? null,
    });
  }

  private async capture(contact: ContactRow, extra: Pick<LeadData, "source"> & Partial<LeadData>) {
    const fields = { ...contact.fields };
    const email = fields.email && Email.safeParse(fields.email).success ? fields.email.toLowerCase() : null;
    let phone: string | null = null;
    try {
      phone = fields.phone ? toE164(fields.phone) : null;
    } catch {
      // An unusable number stays in the fields, as the person typed it.
    }
    const saved = await this.repo.save(contact.workspaceId, {
      ...extra,
      contactId: contact.id,
      instagramId: contact.igsid,
      username: contact.username,
      name: contact.name,
      email,
      phone,
      tags: contact.tags,
      fields,
    });
    await new ContactsRepo(this.deps.db).markLead(contact.id);
    return this.announce(contact.workspaceId, saved);
  }
}
