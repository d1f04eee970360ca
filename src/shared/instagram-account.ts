import { z } from "zod";

/** An account as the API shows it: never the token, only a masked form. */
export const InstagramAccountView = z.object({
  id: z.string(),
  loginType: z.enum(["instagram", "facebook", "sandbox"]),
  igUserId: z.string(),
  username: z.string(),
  name: z.string().nullable(),
  profilePictureUrl: z.string().nullable(),
  pageId: z.string().nullable(),
  /** "expiring": connected, with a token under 10 days from expiry. */
  status: z.enum(["connected", "expiring", "expired", "error"]),
  statusReason: z.string().nullable(),
  tokenMasked: z.string(),
  tokenExpiresAt: z.string().nullable(),
  lastRefreshedAt: z.string().nullable(),
  scopes: z.array(z.string()),
  webhookFields: z.array(z.string()),
  connectedAt: z.string(),
});
export type InstagramAccountView = z.infer<typeof InstagramAccountView>;
