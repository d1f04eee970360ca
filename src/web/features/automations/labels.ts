import type { Action, MatchKind, TriggerType } from "../../../shared/automation.ts";

/** Names shown in the dashboard (kept apart from the form model so lists do not load zod). */
export const TRIGGER_LABELS: Record<TriggerType, string> = {
  comment_keyword: "Comment on a post",
  dm_keyword: "DM keyword",
  first_message: "First message",
  story_reply: "Story reply",
  story_mention: "Story mention",
  reaction: "Reaction to a message",
  payload: "Quick reply or button tap",
  ref: "ig.me link (ref)",
  any_message: "Any message",
};

export const MATCH_LABELS: Record<MatchKind, string> = {
  equals: "is exactly",
  whole_word: "contains the word",
  starts_with: "starts with",
  contains: "contains",
};

export const ACTION_LABELS: Record<Action["type"], string> = {
  send_text: "Send a message",
  send_media: "Send media",
  private_reply: "Private reply to the comment",
  public_reply: "Public reply under the comment",
  add_tag: "Add a tag",
  remove_tag: "Remove a tag",
  set_field: "Set a contact field",
  save_lead: "Save as lead",
  delay: "Wait",
  handover: "Hand over to a person",
  ai_reply: "AI reply",
};
