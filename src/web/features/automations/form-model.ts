import type { z } from "zod";
import {
  type Action,
  type ActiveHours,
  AutomationInput,
  type AutomationInputBody,
  Button,
  KEYWORD_TRIGGERS,
  type Keyword,
  QuickReply,
  type TriggerType,
} from "../../../shared/automation.ts";
import { messageText } from "../../../shared/automation-fields.ts";

/**
 * The builder's form state and its two-way mapping to the shared automation model. The form
 * keeps what inputs need (choice + list for "any or chosen", numbers as typed text, a key per
 * action for React) and `toInput` turns it into exactly the body the API validates with the
 * same zod schema — so the browser and the server agree on every error.
 */

/** `uid` is React's key (not `key`: set_field has a `key`). */
export type ActionDraft = Action & { uid: string };

export interface TriggerForm {
  type: TriggerType;
  /** comment_keyword: "chosen" means `mediaIds`. */
  posts: "any" | "next_post" | "chosen";
  mediaIds: string[];
  nextPostMediaId: string;
  /** story_reply */
  stories: "any" | "chosen";
  storyIds: string[];
  /** payload */
  payloads: string[];
  /** ref */
  refs: "any" | "chosen";
  refList: string[];
}

export interface AutomationForm {
  name: string;
  enabled: boolean;
  /** As typed (a number input may hold "" or "-"). */
  priority: string;
  accountId: string | null;
  trigger: TriggerForm;
  keywords: Keyword[];
  keywordMode: "any" | "all";
  excludeKeywords: string[];
  emojiOnly: boolean;
  newContactOnly: boolean;
  requireTags: string[];
  excludeTags: string[];
  mustFollow: boolean;
  actions: ActionDraft[];
  oncePerPerson: boolean;
  activeHoursOn: boolean;
  activeHours: { timeZone: string; days: number[]; from: string; to: string };
  replyDelaySeconds: string;
}

export { ACTION_LABELS, MATCH_LABELS, TRIGGER_LABELS } from "./labels.ts";

let nextUid = 0;
export const newUid = () => `a${++nextUid}`;

/** Triggers whose text the keyword conditions look at (mirrors the shared model's rule). */
export const TEXT_TRIGGERS: ReadonlySet<TriggerType> = KEYWORD_TRIGGERS;
/** Triggers with no text at all: exclude keywords and emoji-only make no sense there. */
export const NO_TEXT_TRIGGERS: ReadonlySet<TriggerType> = new Set([
  "payload",
  "ref",
  "reaction",
  "story_mention",
]);

export function defaultAction(type: Action["type"]): ActionDraft {
  const uid = newUid();
  switch (type) {
    case "send_text":
    case "private_reply":
      return { uid, type, variations: [""] };
    case "public_reply":
      return { uid, type, variations: [""] };
    case "send_media":
      return { uid, type, mediaType: "image", url: "" };
    case "add_tag":
    case "remove_tag":
      return { uid, type, tag: "" };
    case "set_field":
      return { uid, type, key: "", value: "" };
    case "save_lead":
      return { uid, type };
    case "delay":
      return { uid, type, seconds: 60 };
    case "handover":
      return { uid, type };
    case "ai_reply":
      return { uid, type };
  }
}

export function emptyForm(trigger: TriggerType = "comment_keyword"): AutomationForm {
  return {
    name: "",
    enabled: true,
    priority: "0",
    accountId: null,
    trigger: {
      type: trigger,
      posts: "any",
      mediaIds: [],
      nextPostMediaId: "",
      stories: "any",
      storyIds: [],
      payloads: [],
      refs: "any",
      refList: [],
    },
    keywords: [],
    keywordMode: "any",
    excludeKeywords: [],
    emojiOnly: false,
    newContactOnly: false,
    requireTags: [],
    excludeTags: [],
    mustFollow: false,
    actions: [defaultAction(trigger === "comment_keyword" ? "private_reply" : "send_text")],
    oncePerPerson: false,
    activeHoursOn: false,
    activeHours: { timeZone: "", days: [1, 2, 3, 4, 5], from: "09:00", to: "18:00" },
    replyDelaySeconds: "0",
  };
}

/** A number typed in an input; anything else goes to the schema as is, so it names the problem. */
function numberFrom(text: string): number | string {
  const t = text.trim();
  if (t === "") return 0;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

function triggerInput(t: TriggerForm): AutomationInputBody["trigger"] {
  switch (t.type) {
    case "comment_keyword":
      return t.posts === "chosen"
        ? { type: t.type, posts: t.mediaIds }
        : t.posts === "next_post" && t.nextPostMediaId.trim()
          ? { type: t.type, posts: "next_post", nextPostMediaId: t.nextPostMediaId.trim() }
          : { type: t.type, posts: t.posts };
    case "story_reply":
      return { type: t.type, stories: t.stories === "chosen" ? t.storyIds : "any" };
    case "payload":
      return { type: t.type, payloads: t.payloads };
    case "ref":
      return { type: t.type, refs: t.refs === "chosen" ? t.refList : "any" };
    default:
      return { type: t.type };
  }
}

function actionInput(a: ActionDraft): Action {
  const { uid: _uid, ...action } = a;
  if (action.type === "send_text" || action.type === "private_reply") {
    const { quickReplies, buttons, ...rest } = action;
    return {
      ...rest,
      ...(quickReplies?.length ? { quickReplies } : {}),
      ...(buttons?.length ? { buttons } : {}),
    };
  }
  if (action.type === "delay") return { ...action, seconds: numberFrom(String(action.seconds)) as number };
  // An optional text left empty is absent, not "" (which the schema would refuse).
  if (action.type === "save_lead" && !action.source?.trim()) {
    const { source: _s, ...rest } = action;
    return rest;
  }
  if (action.type === "handover" && !action.note?.trim()) {
    const { note: _n, ...rest } = action;
    return rest;
  }
  if (action.type === "ai_reply") {
    const { instructions, fallbackMessage, ...rest } = action;
    return {
      ...rest,
      ...(instructions?.trim() ? { instructions } : {}),
      ...(fallbackMessage?.trim() ? { fallbackMessage } : {}),
    };
  }
  return action;
}

/** The form as the API body (not yet validated: see `validateForm`). */
export function toInput(f: AutomationForm): AutomationInputBody {
  const text = TEXT_TRIGGERS.has(f.trigger.type);
  const noText = NO_TEXT_TRIGGERS.has(f.trigger.type);
  const activeHours: ActiveHours | undefined = f.activeHoursOn
    ? {
        ...(f.activeHours.timeZone.trim() ? { timeZone: f.activeHours.timeZone.trim() } : {}),
        days: [...f.activeHours.days].sort(),
        from: f.activeHours.from,
        to: f.activeHours.to,
      }
    : undefined;
  return {
    version: 1,
    name: f.name,
    enabled: f.enabled,
    priority: numberFrom(f.priority) as number,
    accountId: f.accountId || null,
    trigger: triggerInput(f.trigger),
    conditions: {
      // Keywords only where the trigger has text to match; hidden fields must not block a save.
      keywords: text ? f.keywords : [],
      keywordMode: f.keywordMode,
      excludeKeywords: noText ? [] : f.excludeKeywords,
      emojiOnly: noText ? false : f.emojiOnly,
      newContactOnly: f.newContactOnly,
      requireTags: f.requireTags,
      excludeTags: f.excludeTags,
      mustFollow: f.mustFollow,
    },
    actions: f.actions.map(actionInput),
    options: {
      oncePerPerson: f.oncePerPerson,
      ...(activeHours ? { activeHours } : {}),
      replyDelaySeconds: numberFrom(f.replyDelaySeconds) as number,
    },
  };
}

/** A saved automation (or a template) as form state. */
export function fromInput(input: AutomationInputBody): AutomationForm {
  const a = AutomationInput.parse(input);
  const f = emptyForm(a.trigger.type);
  const t = a.trigger;
  const trigger: TriggerForm = { ...f.trigger, type: t.type };
  if (t.type === "comment_keyword") {
    if (Array.isArray(t.posts)) {
      trigger.posts = "chosen";
      trigger.mediaIds = t.posts;
    } else trigger.posts = t.posts;
    trigger.nextPostMediaId = t.nextPostMediaId ?? "";
  }
  if (t.type === "story_reply") {
    trigger.stories = Array.isArray(t.stories) ? "chosen" : "any";
    trigger.storyIds = Array.isArray(t.stories) ? t.stories : [];
  }
  if (t.type === "payload") trigger.payloads = t.payloads;
  if (t.type === "ref") {
    trigger.refs = Array.isArray(t.refs) ? "chosen" : "any";
    trigger.refList = Array.isArray(t.refs) ? t.refs : [];
  }
  const hours = a.options.activeHours;
  return {
    ...f,
    name: a.name,
    enabled: a.enabled,
    priority: String(a.priority),
    accountId: a.accountId,
    trigger,
    keywords: a.conditions.keywords,
    keywordMode: a.conditions.keywordMode,
    excludeKeywords: a.conditions.excludeKeywords,
    emojiOnly: a.conditions.emojiOnly,
    newContactOnly: a.conditions.newContactOnly,
    requireTags: a.conditions.requireTags,
    excludeTags: a.conditions.excludeTags,
    mustFollow: a.conditions.mustFollow,
    actions: a.actions.map((action) => ({ ...action, uid: newUid() }) as ActionDraft),
    oncePerPerson: a.options.oncePerPerson,
    activeHoursOn: hours !== undefined,
    activeHours: hours
      ? { timeZone: hours.timeZone ?? "", days: hours.days, from: hours.from, to: hours.to }
      : f.activeHours,
    replyDelaySeconds: String(a.options.replyDelaySeconds),
  };
}

/** Field path ("actions.0.variations.1") → the first message about it. */
export type FieldErrors = Record<string, string>;

export function issuesToFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join(".") || "(root)";
    errors[path] ??= issue.message;
  }
  return errors;
}

type Issue = { path: readonly PropertyKey[]; message: string };

/**
 * zod skips a list's items once the list itself is too long (14 quick replies: the title of
 * the first is not checked). The builder checks every item with the same item schemas, so a
 * person sees all the problems at once, not one after the other.
 */
function itemIssues(input: AutomationInputBody): Issue[] {
  const issues: Issue[] = [];
  const check = (schema: z.ZodType, items: unknown, path: PropertyKey[]) => {
    if (!Array.isArray(items)) return;
    items.forEach((item, j) => {
      const r = schema.safeParse(item);
      if (!r.success)
        for (const i of r.error.issues) issues.push({ path: [...path, j, ...i.path], message: i.message });
    });
  };
  input.actions.forEach((a, i) => {
    const action = a as { variations?: unknown; quickReplies?: unknown; buttons?: unknown };
    check(messageText, action.variations, ["actions", i, "variations"]);
    check(QuickReply, action.quickReplies, ["actions", i, "quickReplies"]);
    check(Button, action.buttons, ["actions", i, "buttons"]);
  });
  return issues;
}

export function validateForm(
  f: AutomationForm,
): { ok: true; input: AutomationInput } | { ok: false; errors: FieldErrors } {
  const input = toInput(f);
  const result = AutomationInput.safeParse(input);
  if (result.success) return { ok: true, input: result.data };
  return { ok: false, errors: issuesToFieldErrors([...result.error.issues, ...itemIssues(input)]) };
}

/** The server refused: map its `details` (zod issues) to fields, else keep its message at the root. */
export function serverErrorsToFields(error: {
  code: string;
  message: string;
  details?: unknown;
}): FieldErrors {
  if (Array.isArray(error.details)) {
    const issues = error.details.filter(
      (d): d is { path: PropertyKey[]; message: string } =>
        typeof d === "object" &&
        d !== null &&
        Array.isArray((d as { path?: unknown }).path) &&
        typeof (d as { message?: unknown }).message === "string",
    );
    if (issues.length > 0) return issuesToFieldErrors(issues);
  }
  return { "(root)": `${error.message} (${error.code})` };
}

/** Errors at or under a path prefix ("actions.0" → that action's errors). */
export function errorsUnder(errors: FieldErrors, prefix: string): [string, string][] {
  return Object.entries(errors).filter(([path]) => path === prefix || path.startsWith(`${prefix}.`));
}

/**
 * Switching the trigger: a private reply only exists for comments, so leaving a comment
 * trigger turns private replies into plain messages (same texts, quick replies and buttons).
 */
export function withTriggerType(f: AutomationForm, type: TriggerType): AutomationForm {
  if (type === f.trigger.type) return f;
  const actions =
    type === "comment_keyword"
      ? f.actions
      : f.actions.map((a) => (a.type === "private_reply" ? ({ ...a, type: "send_text" } as ActionDraft) : a));
  return { ...f, trigger: { ...f.trigger, type }, actions };
}
