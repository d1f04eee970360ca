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
  status: z.enum(["connected", "expiring", "expired", "error", "disconnected"]),
  statusReason: z.string().nullable(),
  tokenMasked: z.string(),
  tokenExpiresAt: z.string().nullable(),
  lastRefreshedAt: z.string().nullable(),
  scopes: z.array(z.string()),
  webhookFields: z.array(z.string()),
  connectedAt: z.string(),
});
export type InstagramAccountView = z.infer<typeof InstagramAccountView>;

/** GET /api/instagram/accounts */
export const AccountList = z.object({ accounts: z.array(InstagramAccountView) });
export type AccountList = z.infer<typeof AccountList>;

/** GET /api/instagram/connect/options: which login paths this server offers. */
export const ConnectOptions = z.object({
  instagram: z.boolean(),
  facebook: z.boolean(),
  sandbox: z.boolean(),
});
export type ConnectOptions = z.infer<typeof ConnectOptions>;

/** A post, reel, story or live of an account, read from Instagram (for choosing it in an automation). */
export const MediaItem = z.object({
  id: z.string(),
  caption: z.string(),
  kind: z.enum(["post", "reel", "story", "live"]),
  timestamp: z.string().nullable(),
  permalink: z.string().nullable(),
});
export type MediaItem = z.infer<typeof MediaItem>;

/** GET /api/instagram/accounts/:id/media */
export const MediaList = z.object({ media: z.array(MediaItem) });
export type MediaList = z.infer<typeof MediaList>;
