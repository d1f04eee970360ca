import type { DmProvider } from "../../shared/api/leads.ts";
import type { LeadRow } from "../leads/leads-repo.ts";

export interface DmRequest {
  workspaceId: string;
  lead: LeadRow;
  text: string;
  /** `dm-api:<workspace>:<idempotency key>`: the Sender sends it at most once. */
  key: string;
}

/**
 * One channel the DM API can send on. `send` accepts the DM for delivery and returns the lead
 * as it now stands (the API answers 202), or refuses with an AppError. A real WhatsApp Cloud
 * API provider replaces the placeholder here without touching the API.
 */
export interface MessagingProvider {
  readonly channel: DmProvider;
  send(request: DmRequest): Promise<LeadRow>;
}
