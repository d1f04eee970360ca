import { z } from "zod";

/** Meta's answers, as documented in META_PLATFORM.md. Unknown extra fields are allowed. */
const id = z.union([z.string(), z.number()]).transform(String);

export const SendAnswer = z.object({ recipient_id: id.optional(), message_id: z.string() });
export const SuccessAnswer = z.object({ success: z.boolean() });
export const IdAnswer = z.object({ id });

export const SubscribedAppsAnswer = z.object({
  data: z.array(
    z.object({
      subscribed_fields: z.array(z.string()).optional(),
      id: id.optional(),
      name: z.string().optional(),
    }),
  ),
});

export const UserProfileAnswer = z.object({
  id: id.optional(),
  name: z.string().nullish(),
  username: z.string().nullish(),
  profile_pic: z.string().nullish(),
  follower_count: z.number().nullish(),
  is_user_follow_business: z.boolean().nullish(),
  is_business_follow_user: z.boolean().nullish(),
  is_verified_user: z.boolean().nullish(),
});

const Paging = z.object({
  cursors: z.object({ after: z.string().optional() }).optional(),
  next: z.string().optional(),
});

export const ConversationsAnswer = z.object({
  data: z.array(z.object({ id, updated_time: z.string().optional() })),
  paging: Paging.optional(),
});

/** GET /{ig-user-id}/media */
export const MediaListAnswer = z.object({
  data: z.array(
    z.object({
      id,
      caption: z.string().optional(),
      media_type: z.string().optional(),
      media_product_type: z.string().optional(),
      timestamp: z.string().optional(),
      permalink: z.string().optional(),
    }),
  ),
  paging: Paging.optional(),
});

export const ConversationMessagesAnswer = z.object({
  id: id.optional(),
  messages: z
    .object({
      data: z.array(z.object({ id: z.string(), created_time: z.string().optional() })),
      paging: Paging.optional(),
    })
    .optional(),
});

const Party = z.object({ id, username: z.string().optional() });
export const MessageAnswer = z.object({
  id: z.string(),
  created_time: z.string().optional(),
  from: Party.optional(),
  to: z.object({ data: z.array(Party) }).optional(),
  message: z.string().optional(),
});

/** Instagram Login: code → short-lived token. Some clients see it unwrapped: accept both. */
const ShortToken = z.object({
  access_token: z.string(),
  user_id: id,
  permissions: z.union([z.string(), z.array(z.string())]).optional(),
});
export const InstagramCodeAnswer = z.union([
  z.object({ data: z.array(ShortToken).min(1) }).transform((a) => a.data[0] as z.infer<typeof ShortToken>),
  ShortToken,
]);

export const TokenAnswer = z.object({
  access_token: z.string(),
  token_type: z.string().optional(),
  /** Seconds. Absent for tokens that do not expire. */
  expires_in: z.number().optional(),
});

export const InstagramMeAnswer = z.object({
  user_id: id,
  username: z.string(),
  name: z.string().nullish(),
  profile_picture_url: z.string().nullish(),
  id: id.optional(),
});

export const FacebookMeAnswer = z.object({ id, name: z.string().optional() });

export const PagesAnswer = z.object({
  data: z.array(
    z.object({
      id,
      name: z.string(),
      access_token: z.string().optional(),
      tasks: z.array(z.string()).optional(),
      instagram_business_account: z.object({ id }).optional(),
    }),
  ),
  paging: Paging.optional(),
});

/** A business account's own profile read with a Page token (Facebook Login). */
export const BusinessAccountAnswer = z.object({
  id,
  username: z.string(),
  name: z.string().nullish(),
  profile_picture_url: z.string().nullish(),
});
