/**
 * Shapes of the answers the dashboard reads, as types only (no runtime cost in the bundle).
 * The server's zod schemas stay the truth; these mirror them.
 */
import type { InstagramAccountView } from "../../shared/api/accounts.ts";

export type { InstagramAccountView };

/** GET /api/setup (public). */
export interface SetupStatus {
  needsOwner: boolean;
  signup: "open" | "invite" | "closed";
  google: boolean;
  passwordMinLength: number;
}
