import { z } from "zod";
import { aiOverrideFields } from "./ai-settings.ts";
import {
  httpUrl,
  MAX_KEYWORDS,
  MAX_LIST,
  nonBlank,
  oneOfQuickRepliesOrButtons,
  payloadText,
  quickRepliesOrButtonsError,
  richMessage,
  timeZone,
  variations,
} from "./automation-fields.ts";

export { Button, isTimeZone, QuickReply } from "./automation-fields.ts";

/**
 * The automation model: what the API accepts, what the engine decides on and what the
 * dashboard's builder edits. Versioned (`version: 1`) as a discriminated union so a v2 can sit
 * next to it. Meta's limits (META_PLATFORM.md §3) are checked here, so a saved automation can
 * always be sent. Every message names the field (the issue path) and the limit.
 */

// ── triggers ───────────────────────────────────────────────────────────────────────────────

const ids = (what: string) =>
  z
    .array(nonBlank(what, 200))
    .min(1, { error: `list at least one ${what}` })
    .max(MAX_LIST, { error: `at most ${MAX_LIST} ${what}s` });

export const Trigger = z.discriminatedUnion(
  "type",
  [
    /** A DM (also a quick-reply tap's text, a story reply's text) matching `conditions.keywords`. */
    z.object({ type: z.literal("dm_keyword") }),
    /**
     * A comment (or live comment) on the chosen posts. Without keywords: any comment there.
     * "next_post": the caller sets `nextPostMediaId` when the account publishes; until then
     * the trigger matches no comment.
     */
    z.object({
      type: z.literal("comment_keyword"),
      posts: z.union([z.literal("any"), z.literal("next_post"), ids("media id")], {
        error: 'posts must be "any", "next_post" or a list of media ids',
      }),
      nextPostMediaId: nonBlank("nextPostMediaId", 200).optional(),
    }),
    /** The first message ever from a person to this account. */
    z.object({ type: z.literal("first_message") }),
    /** A reply to any story, or to one of the listed stories (keywords optional). */
    z.object({
      type: z.literal("story_reply"),
      stories: z.union([z.literal("any"), ids("story id")], {
        error: 'stories must be "any" or a list of story ids',
      }),
    }),
    z.object({ type: z.literal("story_mention") }),
    z.object({ type: z.literal("reaction") }),
    /** A postback button or quick-reply tap whose payload equals one of these (exact). */
    z.object({
      type: z.literal("payload"),
      payloads: z
        .array(payloadText)
        .min(1, { error: "list at least one payload" })
        .max(MAX_LIST, { error: `at most ${MAX_LIST} payloads` }),
    }),
    /** An ig.me link whose `ref` equals one of these (exact), or any ig.me referral. */
    z.object({
      type: z.literal("ref"),
      refs: z.union([z.literal("any"), ids("ref")], { error: 'refs must be "any" or a list of refs' }),
    }),
    /** Any DM: the fallback. */
    z.object({ type: z.literal("any_message") }),
  ],
  {
    error:
      "trigger type must be one of dm_keyword, comment_keyword, first_message, story_reply, story_mention, reaction, payload, ref, any_message",
  },
);
export type Trigger = z.infer<typeof Trigger>;
export type TriggerType = Trigger["type"];

/** Triggers whose event text is matched against `conditions.keywords`. */
export const KEYWORD_TRIGGERS: ReadonlySet<TriggerType> = new Set([
  "dm_keyword",
  "comment_keyword",
  "story_reply",
]);
/** Triggers that identify the event without text: keyword conditions make no sense there. */
const NO_TEXT_TRIGGERS: ReadonlySet<TriggerType> = new Set(["payload", "ref", "reaction", "story_mention"]);

// ── conditions ─────────────────────────────────────────────────────────────────────────────

export const MATCH_KINDS = ["equals", "whole_word", "starts_with", "contains"] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export const Keyword = z.object({
  text: nonBlank("keyword", 100).refine(
    (s) => /[\p{L}\p{N}\p{Extended_Pictographic}\p{Regional_Indicator}]|\u20e3/u.test(s),
    {
      error: "keyword needs a letter, a digit or an emoji",
    },
  ),
  match: z.enum(MATCH_KINDS, { error: "match must be equals, whole_word, starts_with or contains" }),
});
export type Keyword = z.infer<typeof Keyword>;

const tags = z.array(nonBlank("tag", 50)).max(MAX_LIST, { error: `at most ${MAX_LIST} tags` });

/**
 * Matching is case- and accent-insensitive, punctuation separates words (engine/normalize-text.ts).
 * `excludeKeywords` are matched as whole words: "free" excludes "is it free?" but not "freedom".
 */
export const Conditions = z.object({
  keywords: z
    .array(Keyword)
    .max(MAX_KEYWORDS, { error: `at most ${MAX_KEYWORDS} keywords` })
    .default([]),
  keywordMode: z.enum(["any", "all"], { error: 'keywordMode must be "any" or "all"' }).default("any"),
  excludeKeywords: z
    .array(nonBlank("exclude keyword", 100))
    .max(MAX_KEYWORDS, { error: `at most ${MAX_KEYWORDS} exclude keywords` })
    .default([]),
  /** The message must consist of emoji only (ZWJ sequences, skin tones and flags included). */
  emojiOnly: z.boolean().default(false),
  /** Only people who never wrote to the account before this event. */
  newContactOnly: z.boolean().default(false),
  requireTags: tags.default([]),
  excludeTags: tags.default([]),
  /** Follow gate: the person must follow the account. */
  mustFollow: z.boolean().default(false),
});
export type Conditions = z.infer<typeof Conditions>;

// ── actions ────────────────────────────────────────────────────────────────────────────────

export const Action = z.discriminatedUnion(
  "type",
  [
    z
      .object({ type: z.literal("send_text"), ...richMessage })
      .refine(oneOfQuickRepliesOrButtons, quickRepliesOrButtonsError),
    z.object({
      type: z.literal("send_media"),
      mediaType: z.enum(["image", "video", "audio", "file"], {
        error: "mediaType must be image, video, audio or file",
      }),
      url: httpUrl,
    }),
    /** The DM sent as the private reply to the comment (one per comment, Meta's rule). */
    z
      .object({ type: z.literal("private_reply"), ...richMessage })
      .refine(oneOfQuickRepliesOrButtons, quickRepliesOrButtonsError),
    z.object({ type: z.literal("public_reply"), variations }),
    z.object({ type: z.literal("add_tag"), tag: nonBlank("tag", 50) }),
    z.object({ type: z.literal("remove_tag"), tag: nonBlank("tag", 50) }),
    z.object({
      type: z.literal("set_field"),
      key: z.string().regex(/^[a-z][a-z0-9_]{0,49}$/i, {
        error: "key must be a letter then letters, digits or _ (max 50)",
      }),
      value: z.string().max(1000, { error: "value must be at most 1000 characters" }),
    }),
    z.object({ type: z.literal("save_lead"), source: nonBlank("source", 50).optional() }),
    z.object({
      type: z.literal("delay"),
      seconds: z
        .int({ error: "seconds must be a whole number" })
        .min(1, { error: "delay must be at least 1 second" })
        .max(86_400, { error: "delay must be at most 86400 seconds (24 hours)" }),
    }),
    /** Pause the bot in this conversation so a person takes over. */
    z.object({ type: z.literal("handover"), note: nonBlank("note", 500).optional() }),
    /** An AI answer (src/server/ai): the account's AI settings, overridden by the fields given here. */
    z.object({
      type: z.literal("ai_reply"),
      instructions: nonBlank("instructions", 4000).optional(),
      ...aiOverrideFields,
    }),
  ],
  {
    error:
      "action type must be one of send_text, send_media, private_reply, public_reply, add_tag, remove_tag, set_field, save_lead, delay, handover, ai_reply",
  },
);
export type Action = z.infer<typeof Action>;
export type ActionType = Action["type"];

// ── options ────────────────────────────────────────────────────────────────────────────────

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'time must be "HH:MM" (00:00 to 23:59)' });

/**
 * When the automation may run, in `timeZone` (default: the workspace's). `days` are the days a
 * range starts on (0 = Sunday). `from` > `to` is an overnight range (22:00–06:00 on Friday runs
 * into Saturday morning); `from` = `to` is the whole day.
 */
export const ActiveHours = z.object({
  timeZone: timeZone.optional(),
  days: z
    .array(
      z.int().min(0, { error: "days are 0 (Sunday) to 6" }).max(6, { error: "days are 0 (Sunday) to 6" }),
    )
    .min(1, { error: "pick at least one day" })
    .max(7)
    .refine((d) => new Set(d).size === d.length, { error: "days must not repeat" }),
  from: hhmm,
  to: hhmm,
});
export type ActiveHours = z.infer<typeof ActiveHours>;

export const Options = z.object({
  /** Once per person; for comment triggers once per person per post. */
  oncePerPerson: z.boolean().default(false),
  activeHours: ActiveHours.optional(),
  replyDelaySeconds: z
    .int({ error: "replyDelaySeconds must be a whole number" })
    .min(0, { error: "replyDelaySeconds must be 0 or more" })
    .max(3600, { error: "replyDelaySeconds must be at most 3600" })
    .default(0),
});
export type Options = z.infer<typeof Options>;

// ── the automation ─────────────────────────────────────────────────────────────────────────

const inputFieldsV1 = {
  version: z.literal(1),
  name: nonBlank("name", 100),
  enabled: z.boolean().default(true),
  /** Higher wins among equally specific matches. */
  priority: z
    .int({ error: "priority must be a whole number" })
    .min(-1000, { error: "priority must be between -1000 and 1000" })
    .max(1000, { error: "priority must be between -1000 and 1000" })
    .default(0),
  /** The connected account's id, or null for every account of the workspace. */
  accountId: z.string().min(1).nullable().default(null),
  trigger: Trigger,
  conditions: Conditions.prefault({}),
  actions: z
    .array(Action)
    .min(1, { error: "add at least one action" })
    .max(30, { error: "at most 30 actions" }),
  options: Options.prefault({}),
};

type V1Shape = {
  trigger: Trigger;
  conditions: Conditions;
  actions: Action[];
};

/** Rules that span fields. */
function checkV1(a: V1Shape, ctx: z.core.$RefinementCtx) {
  const t = a.trigger.type;
  const hasKeywords = a.conditions.keywords.length > 0;
  if (t === "dm_keyword" && !hasKeywords) {
    ctx.addIssue({
      code: "custom",
      path: ["conditions", "keywords"],
      message: "a DM keyword trigger needs at least one keyword",
    });
  }
  if (hasKeywords && !KEYWORD_TRIGGERS.has(t)) {
    ctx.addIssue({
      code: "custom",
      path: ["conditions", "keywords"],
      message: `keywords apply to dm_keyword, comment_keyword and story_reply triggers, not ${t}`,
    });
  }
  if (NO_TEXT_TRIGGERS.has(t) && (a.conditions.excludeKeywords.length > 0 || a.conditions.emojiOnly)) {
    ctx.addIssue({
      code: "custom",
      path: ["conditions"],
      message: `a ${t} trigger has no text: excludeKeywords and emojiOnly do not apply`,
    });
  }
  if (t === "comment_keyword" && a.trigger.posts !== "next_post" && a.trigger.nextPostMediaId !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["trigger", "nextPostMediaId"],
      message: 'only for posts: "next_post"',
    });
  }
  let privateReplies = 0;
  a.actions.forEach((action, i) => {
    if ((action.type === "private_reply" || action.type === "public_reply") && t !== "comment_keyword") {
      ctx.addIssue({
        code: "custom",
        path: ["actions", i, "type"],
        message: `${action.type} needs a comment_keyword trigger`,
      });
    }
    if (action.type === "private_reply" && ++privateReplies === 2) {
      ctx.addIssue({
        code: "custom",
        path: ["actions", i],
        message: "Instagram allows one private reply per comment",
      });
    }
  });
}

export const AutomationInputV1 = z.object(inputFieldsV1).superRefine(checkV1);

/** The create/update body. */
export const AutomationInput = z.discriminatedUnion("version", [AutomationInputV1], {
  error: "version must be 1",
});
export type AutomationInput = z.infer<typeof AutomationInput>;
/** What a client may send: the same fields with the defaulted ones optional (z.input). */
export type AutomationInputBody = z.input<typeof AutomationInput>;

const storedFields = {
  id: z.string().min(1),
  workspaceId: z.string().min(1),
  /** ISO 8601; the engine breaks ties by it (oldest first). */
  createdAt: z.iso.datetime({ offset: true, error: "createdAt must be an ISO 8601 date-time" }),
  updatedAt: z.iso.datetime({ offset: true, error: "updatedAt must be an ISO 8601 date-time" }),
};

export const AutomationV1 = z.object({ ...inputFieldsV1, ...storedFields }).superRefine(checkV1);

/** A saved automation: the input plus its identity. */
export const Automation = z.discriminatedUnion("version", [AutomationV1], { error: "version must be 1" });
export type Automation = z.infer<typeof Automation>;

/** `path: message` lines for an API error body or the builder. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`);
}
