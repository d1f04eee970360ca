import { sql } from "drizzle-orm";
import { index, integer, jsonb, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { LEAD_DM_STATUSES, LEAD_SOURCES } from "../../../shared/api/leads.ts";
import { app } from "./app-schema.ts";
import { contacts } from "./pipeline.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const leadSource = app.enum("lead_source", LEAD_SOURCES);
export const leadDmStatus = app.enum("lead_dm_status", LEAD_DM_STATUSES);

/**
 * A person a workspace wants to follow up with: one row per person per workspace, found again
 * by their Instagram id or their email (both unique in the workspace when present), linked to
 * the conversation (contact) they came from, and the state of the last DM sent to them by API.
 */
export const leads = app.table(
  "leads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id").notNull(),
    /** The conversation (account × person) the lead came from; kept when the contact goes. */
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    name: text("name"),
    username: text("username"),
    /** The person's Instagram-scoped id (IGSID) as the linked account sees them. */
    instagramId: text("instagram_id"),
    /** Lower-cased, so dedupe is case-insensitive. */
    email: text("email"),
    /** E.164 (+14155552671). */
    phone: text("phone"),
    source: leadSource("source").notNull(),
    /** Free text the source was given with (a save_lead action's own label, a form's name). */
    sourceDetail: text("source_detail"),
    automationId: text("automation_id"),
    /** The post / reel whose comment brought the person in. */
    mediaId: text("media_id"),
    notes: text("notes"),
    tags: text("tags").array().notNull().default([]),
    fields: jsonb("fields").$type<Record<string, string>>().notNull().default({}),
    dmStatus: leadDmStatus("dm_status").notNull().default("none"),
    dmProvider: text("dm_provider").$type<"instagram" | "whatsapp">(),
    dmSentAt: ts("dm_sent_at"),
    dmError: text("dm_error"),
    dmMessageId: text("dm_message_id"),
    dmAttempts: integer("dm_attempts").notNull().default(0),
    /** The last DM asked for by API: its idempotency key and text (a retry re-sends it). */
    dmRequestKey: text("dm_request_key"),
    dmText: text("dm_text"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("leads_workspace_instagram_uq")
      .on(t.workspaceId, t.instagramId)
      .where(sql`instagram_id is not null`),
    uniqueIndex("leads_workspace_email_uq").on(t.workspaceId, t.email).where(sql`email is not null`),
    // Keyset paging: newest first (the default), and by last change.
    index("leads_workspace_created_idx").on(t.workspaceId, t.createdAt, t.id),
    index("leads_workspace_updated_idx").on(t.workspaceId, t.updatedAt, t.id),
    index("leads_workspace_name_idx").on(t.workspaceId, sql`lower(coalesce(name, ''))`, t.id),
    index("leads_workspace_contact_idx").on(t.workspaceId, t.contactId),
  ],
);
