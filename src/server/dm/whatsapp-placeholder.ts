import { AppError } from "../errors.ts";
import type { LeadsRepo } from "../leads/leads-repo.ts";
import type { DmRequest, MessagingProvider } from "./messaging-provider.ts";

/** https://wa.me/<E.164 digits>?text=…, or the contact chooser when the lead has no phone. */
export function waMeLink(phoneE164: string | null, text: string): string {
  const digits = phoneE164 && /^\+[1-9]\d{6,14}$/.test(phoneE164) ? phoneE164.slice(1) : "";
  return `https://wa.me/${digits}?text=${encodeURIComponent(text)}`;
}

/**
 * WhatsApp is not a channel yet: the lead is marked `coming_soon` and the caller gets a 501
 * with a wa.me link that opens WhatsApp with the message filled in.
 */
export class WhatsAppPlaceholder implements MessagingProvider {
  readonly channel = "whatsapp" as const;
  constructor(private readonly leads: LeadsRepo) {}

  async send(request: DmRequest): Promise<never> {
    await this.leads.setDm(request.workspaceId, request.lead.id, {
      dmStatus: "coming_soon",
      dmProvider: "whatsapp",
      dmText: request.text,
      dmRequestKey: request.key,
      dmError: null,
    });
    throw new AppError(
      "not_implemented",
      "WhatsApp sending is coming soon; open the link to send it yourself",
      {
        deepLink: waMeLink(request.lead.phone, request.text),
        status: "coming_soon",
      },
    );
  }
}
