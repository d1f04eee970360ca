import { z } from "zod";
import { DmProvider, LeadDmStatus } from "./leads.ts";

/** POST /api/dm/send: to a lead (or the person with this Instagram id), a text or a template. */
export const DmSendInput = z
  .object({
    leadId: z.uuid().optional(),
    instagramId: z
      .string()
      .regex(/^\d{1,32}$/, "digits")
      .optional(),
    channel: DmProvider.default("instagram"),
    text: z.string().trim().min(1).max(1000).optional(),
    templateId: z.string().min(1).max(64).optional(),
    /** The same key again (within this workspace) is a no-op that answers the first call's status. */
    idempotencyKey: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\w.:-]+$/, "letters, digits and . _ : -")
      .optional(),
  })
  .refine((b) => Boolean(b.leadId) !== Boolean(b.instagramId), {
    error: "give exactly one of leadId or instagramId",
    path: ["leadId"],
  })
  .refine((b) => Boolean(b.text) !== Boolean(b.templateId), {
    error: "give exactly one of text or templateId",
    path: ["text"],
  });
export type DmSendInput = z.input<typeof DmSendInput>;

/** A lead's DM state: GET /api/dm/status/:leadId, and the 202 of send / retry. */
export const DmStatusView = z.object({
  leadId: z.string(),
  status: LeadDmStatus,
  provider: DmProvider.nullable(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  messageId: z.string().nullable(),
  sentAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type DmStatusView = z.infer<typeof DmStatusView>;

/** The 501 of `channel: "whatsapp"`: what the person can do meanwhile. */
export const WhatsAppComingSoon = z.object({
  error: z.object({
    code: z.literal("not_implemented"),
    message: z.string(),
    details: z.object({ deepLink: z.string(), status: z.literal("coming_soon") }),
  }),
});
export type WhatsAppComingSoon = z.infer<typeof WhatsAppComingSoon>;
