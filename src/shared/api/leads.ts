import { z } from "zod";

/** Where a lead came from. `website` is the public lead form. */
export const LEAD_SOURCES = [
  "manual",
  "website",
  "instagram_dm",
  "comment",
  "automation",
  "api",
  "referral",
  "import",
] as const;
export const LeadSource = z.enum(LEAD_SOURCES);
export type LeadSource = z.infer<typeof LeadSource>;

/** The last DM sent to the lead through the DM API (`coming_soon`: asked for on WhatsApp). */
export const LEAD_DM_STATUSES = ["none", "pending", "sent", "failed", "coming_soon"] as const;
export const LeadDmStatus = z.enum(LEAD_DM_STATUSES);
export type LeadDmStatus = z.infer<typeof LeadDmStatus>;

export const DmProvider = z.enum(["instagram", "whatsapp"]);
export type DmProvider = z.infer<typeof DmProvider>;

/** A lead as the API shows it. */
export const LeadView = z.object({
  id: z.string(),
  contactId: z.string().nullable(),
  name: z.string().nullable(),
  username: z.string().nullable(),
  instagramId: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable().describe("E.164"),
  source: LeadSource,
  sourceDetail: z.string().nullable(),
  automationId: z.string().nullable(),
  mediaId: z.string().nullable(),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
  fields: z.record(z.string(), z.string()),
  dmStatus: LeadDmStatus,
  dmProvider: DmProvider.nullable(),
  dmSentAt: z.string().nullable(),
  dmError: z.string().nullable(),
  dmMessageId: z.string().nullable(),
  dmAttempts: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LeadView = z.infer<typeof LeadView>;

/** GET /api/leads: one page; `nextCursor` is the `cursor` of the next one (null: last page). */
export const LeadPage = z.object({ items: z.array(LeadView), nextCursor: z.string().nullable() });
export type LeadPage = z.infer<typeof LeadPage>;

/** POST /api/leads and POST /api/leads/from-contact/:contactId: `created` false when merged into an existing lead. */
export const LeadSaved = z.object({ lead: LeadView, created: z.boolean() });
export type LeadSaved = z.infer<typeof LeadSaved>;

/** POST /api/leads/bulk */
export const BulkResult = z.object({ affected: z.number() });
export type BulkResult = z.infer<typeof BulkResult>;

const text = (max: number) => z.string().trim().min(1).max(max);
const tag = text(50);
const fieldKey = z
  .string()
  .trim()
  .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,49}$/, "letters, digits and _, starting with a letter");

/** What a person can set on a lead (create and update); the phone is checked and made E.164 by the server. */
export const LeadFields = z.object({
  name: text(200).nullable().optional(),
  username: z
    .string()
    .trim()
    .regex(/^@?[a-zA-Z0-9._]{1,30}$/, "an Instagram username: letters, digits, . and _")
    .transform((u) => u.replace(/^@/, "").toLowerCase())
    .nullable()
    .optional(),
  email: z.email().max(254).nullable().optional(),
  phone: z.string().trim().min(3).max(40).nullable().optional(),
  notes: z.string().max(5_000).nullable().optional(),
  tags: z.array(tag).max(50).optional(),
  fields: z.record(fieldKey, z.string().max(1_000)).optional(),
});

export const LeadInput = LeadFields.extend({
  instagramId: z
    .string()
    .trim()
    .regex(/^\d{1,32}$/, "digits")
    .nullable()
    .optional(),
  source: LeadSource.default("manual"),
  sourceDetail: text(100).nullable().optional(),
}).refine((l) => l.name || l.username || l.email || l.phone || l.instagramId, {
  error: "give at least one of name, username, email, phone or instagramId",
});
export type LeadInput = z.input<typeof LeadInput>;

export const LeadPatch = LeadFields.refine((p) => Object.keys(p).length > 0, { error: "nothing to change" });
export type LeadPatch = z.input<typeof LeadPatch>;

export const LEAD_SORTS = ["-createdAt", "createdAt", "-updatedAt", "updatedAt", "name", "-name"] as const;

/** GET /api/leads query. */
export const LeadFilter = z.object({
  /** Matches name, username, email or phone. */
  q: z.string().trim().min(1).max(100).optional(),
  source: LeadSource.optional(),
  dmStatus: LeadDmStatus.optional(),
  tag: tag.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  sort: z.enum(LEAD_SORTS).default("-createdAt"),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type LeadFilter = z.infer<typeof LeadFilter>;

/** GET /api/leads/export.csv query: the list's filters and sort, every page. */
export const LeadExportQuery = LeadFilter.omit({ cursor: true, limit: true });
export type LeadExportQuery = z.infer<typeof LeadExportQuery>;

export const BulkAction = z.discriminatedUnion("action", [
  z.object({ action: z.literal("tag"), ids: z.array(z.uuid()).min(1).max(1_000), tag }),
  z.object({ action: z.literal("untag"), ids: z.array(z.uuid()).min(1).max(1_000), tag }),
  z.object({ action: z.literal("delete"), ids: z.array(z.uuid()).min(1).max(1_000) }),
]);
export type BulkAction = z.infer<typeof BulkAction>;
