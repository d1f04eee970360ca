import { z } from "zod";

/**
 * Zod shapes of the webhook payloads of META_PLATFORM.md §2. Built once at module load (the
 * normalizer runs on the webhook hot path). Unknown keys are tolerated (zod's default "strip":
 * accepted, left out of the parsed copy — measured ~20% faster than `looseObject`, and nothing
 * downstream reads them). Optional fields accept `null` too, since Meta sometimes sends nulls.
 */

/** Ids are strings in Meta's JSON; numbers are accepted (and stringified) to be lenient. */
export const Id = z
  .union([z.string().min(1), z.number()], { error: "expected an id (non-empty string or number)" })
  .transform(String);

/** A timestamp as Meta sends it: a number, or (in dashboard test payloads) a string of digits. */
export const Timestamp = z
  .union([z.number().nonnegative(), z.string().regex(/^\d{1,16}$/)], {
    error: "expected a timestamp (number or digit string)",
  })
  .transform(Number);

export const Envelope = z.object({
  object: z.string({ error: "missing or non-string `object`" }),
  entry: z.array(z.unknown(), { error: "missing or non-array `entry`" }),
});

/** The envelope fields of one `entry[]` item; its lists are walked by hand to locate bad items. */
export const Entry = z.object({
  id: Id.nullish(),
  time: Timestamp.nullish(),
});

export const Referral = z.object({
  ref: z.string().nullish(),
  source: z.string().nullish(),
  type: z.string().nullish(),
});

export const Attachment = z.object({
  type: z.string({ error: "missing or non-string attachment `type`" }),
  /** `{url}` for media; `null`/other shapes for some types: only a string `url` is kept. */
  payload: z.unknown().optional(),
});

export const Message = z.object({
  mid: Id,
  text: z.string().nullish(),
  /** Checked item by item, so one odd attachment does not drop the whole DM. */
  attachments: z.unknown().optional(),
  quick_reply: z.object({ payload: z.string() }).nullish(),
  reply_to: z
    .looseObject({
      mid: Id.nullish(),
      story: z.object({ id: Id.nullish(), url: z.string().nullish() }).nullish(),
    })
    .nullish(),
  referral: Referral.nullish(),
  is_echo: z.boolean().nullish(),
  is_deleted: z.boolean().nullish(),
  is_unsupported: z.boolean().nullish(),
});

export const Postback = z.object({
  mid: Id.nullish(),
  title: z.string().nullish(),
  payload: z.string(),
  referral: Referral.nullish(),
});

export const Reaction = z.object({
  mid: Id,
  action: z.enum(["react", "unreact"]),
  reaction: z.string().nullish(),
  emoji: z.string().nullish(),
});

export const Read = z.object({
  mid: Id.nullish(),
  watermark: Timestamp.nullish(),
});

export const MessageEdit = z.object({
  mid: Id,
  text: z.string().nullish(),
  num_edit: z.number().int().nonnegative().nullish(),
});

/** One `messaging[]` / `standby[]` item (also the `value` of a messaging-like `changes` item). */
export const MessagingItem = z.object({
  sender: z.object({ id: Id }),
  recipient: z.object({ id: Id }),
  timestamp: Timestamp.nullish(),
  message: Message.nullish(),
  postback: Postback.nullish(),
  reaction: Reaction.nullish(),
  read: Read.nullish(),
  referral: Referral.nullish(),
  message_edit: MessageEdit.nullish(),
});
export type MessagingItem = z.infer<typeof MessagingItem>;

export const Change = z.object({
  field: z.string({ error: "missing or non-string `field`" }),
  value: z.unknown().optional(),
});

const CommentMedia = z.object({
  id: Id.nullish(),
  media_product_type: z.string().nullish(),
  ad_id: Id.nullish(),
  ad_title: z.string().nullish(),
  original_media_id: Id.nullish(),
});

/** `comments` / `live_comments`. Facebook-Login examples carry `comment_id` instead of `id`. */
export const CommentValue = z
  .looseObject({
    id: Id.nullish(),
    comment_id: Id.nullish(),
    parent_id: Id.nullish(),
    text: z.string().nullish(),
    from: z.object({ id: Id, username: z.string().nullish() }),
    media: CommentMedia.nullish(),
    /** Flat variants seen in some examples; `media.*` wins when both are present. */
    media_id: Id.nullish(),
    ad_id: Id.nullish(),
    ad_title: z.string().nullish(),
    original_media_id: Id.nullish(),
    timestamp: Timestamp.nullish(),
  })
  .refine((v) => v.id != null || v.comment_id != null, {
    error: "missing comment `id` (or `comment_id`)",
    path: ["id"],
  });
export type CommentValue = z.infer<typeof CommentValue>;

/** Facebook Login `mentions`: `{comment_id, media_id}` (a caption mention has no comment id). */
export const MentionValue = z
  .looseObject({ comment_id: Id.nullish(), media_id: Id.nullish() })
  .refine((v) => v.comment_id != null || v.media_id != null, {
    error: "missing `comment_id` and `media_id`",
  });

/** A readable one-line reason from a zod error: the first few issues with their paths. */
export function describeIssues(error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((issue) => {
    const at = jsonPath(issue.path);
    return at ? `${at}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length > max ? ` (+${error.issues.length - max} more)` : "";
  return parts.join("; ") + more;
}

/** `["message","attachments",0,"type"]` → `message.attachments[0].type`. */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else out += out ? `.${String(s)}` : String(s);
  }
  return out;
}
