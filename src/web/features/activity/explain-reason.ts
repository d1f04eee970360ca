/**
 * Why an event did not get an answer, or why Meta refused one — in plain words, with what to do.
 * Pure: the activity page shows it, and a unit test checks that every reason code the server
 * writes (engine misses, runner outcomes, the pipeline's own) has an entry here.
 */

export interface Explanation {
  title: string;
  /** What happened, for a person who does not know Meta's rules. */
  what: string;
  /** What to do about it, when anything can be done. */
  todo?: string;
}

const REASONS: Record<string, Explanation> = {
  // ── the engine's misses: no automation took the event ──
  no_trigger_matched: {
    title: "No automation matched",
    what: "None of your enabled automations has a trigger or keyword that fits this message.",
    todo: "Add a keyword (or a fallback “Any message” automation) if this should get an answer.",
  },
  excluded_keyword: {
    title: "Excluded word",
    what: "The message contains one of the automation's exclude keywords, so it stayed silent.",
    todo: "Remove that word from the exclude list if it should answer.",
  },
  outside_active_hours: {
    title: "Outside active hours",
    what: "The automation only runs during its active hours.",
    todo: "Widen the active hours in the automation's options, or answer by hand.",
  },
  already_used: {
    title: "Already answered this person",
    what: "The automation runs once per person (once per post for comments) and this person already got it.",
    todo: "Turn off “once per person” if people should get it every time.",
  },
  not_new_contact: {
    title: "Not a new contact",
    what: "The automation is for new contacts only, and this person wrote before.",
  },
  missing_tag: {
    title: "Missing a required tag",
    what: "The automation needs a tag this person does not have.",
  },
  has_excluded_tag: {
    title: "Has an excluded tag",
    what: "This person has a tag the automation excludes.",
  },
  not_following: {
    title: "Does not follow you",
    what: "The automation requires the person to follow your account, and Instagram says they don't.",
    todo: "Turn off “must follow” or ask them to follow and write again.",
  },
  disabled: {
    title: "Automation disabled",
    what: "The matching automation is turned off.",
    todo: "Enable it in Automations.",
  },
  wrong_account: {
    title: "Set for another account",
    what: "The matching automation only runs for a different connected account.",
    todo: "Set the automation to “all accounts” or to this account.",
  },
  bot_paused: {
    title: "Bot paused in this conversation",
    what: "Someone from your team took this conversation over (or a hand-over action ran), so automations stay quiet.",
    todo: "Release the conversation in the inbox to let automations answer again.",
  },
  not_automatable: {
    title: "Nothing to answer",
    what: "This kind of event (a read receipt, an edit, a deletion…) never triggers automations.",
  },
  echo: {
    title: "Your own message",
    what: "This was a message your account sent; autodm never answers itself (that is how reply loops start).",
  },
  own_comment: {
    title: "Your own comment",
    what: "Your account wrote this comment; autodm never answers it.",
  },
  account_not_connected: {
    title: "Waiting for the account",
    what: "The Instagram account was disconnected or its token expired when this arrived. It is kept and answered once the account is reconnected (within Instagram's 24-hour window).",
    todo: "Reconnect the account in Accounts.",
  },
  parked_past_window: {
    title: "Reconnected too late",
    what: "This arrived while the account was disconnected, and the account was reconnected more than 24 hours after it: Instagram no longer lets a business answer it automatically.",
    todo: "Answer by hand from the inbox if it still matters; reconnect sooner when Accounts shows a token expired.",
  },
  // ── the runner: what happened while answering ──
  window_closed: {
    title: "24-hour window closed",
    what: "Instagram lets a business message a person only within 24 hours of their last message. A comment does not open that window.",
    todo: "Use a private reply for comments; answer by hand (within 7 days) if you need to.",
  },
  not_a_comment: {
    title: "Not a comment",
    what: "A private or public reply needs a comment to reply to, and this event was not one.",
    todo: "Use “Send a message” for DMs.",
  },
  private_reply_expired: {
    title: "Comment too old",
    what: "Instagram allows a private reply only within 7 days of the comment.",
  },
  private_reply_already_sent: {
    title: "Already replied privately",
    what: "Instagram allows one private reply per comment, and this comment already got one.",
  },
  not_top_level_comment: {
    title: "Reply in a thread",
    what: "Public replies can only go under top-level comments, not under replies.",
  },
  ai_unavailable: {
    title: "AI reply not available",
    what: "The AI reply step was skipped: no AI provider answered.",
    todo: "Configure an AI provider, or add a text message as a fallback.",
  },
  // ── AI replies: why the AI step answered differently, or not at all ──
  ai_no_text: {
    title: "Nothing for the AI to answer",
    what: "The message had no text (a sticker, a reaction…), so the AI reply step was skipped.",
  },
  ai_timeout: {
    title: "AI took too long",
    what: "The AI provider did not answer in time; the fallback message was sent instead.",
    todo: "Check the provider's status, or raise the AI timeout.",
  },
  ai_rate_limited: {
    title: "AI provider rate limit",
    what: "The AI provider refused for now (too many requests); the fallback message was sent instead.",
    todo: "Check your plan with the provider.",
  },
  ai_auth_failed: {
    title: "AI key refused",
    what: "The AI provider refused the API key; the fallback message was sent instead.",
    todo: "Check the provider key in the AI settings.",
  },
  ai_error: {
    title: "AI provider error",
    what: "The AI provider answered with an error; the fallback message was sent instead.",
  },
  ai_empty: {
    title: "Empty AI answer",
    what: "The AI gave an empty answer; the fallback message was sent instead.",
  },
  ai_output_leak: {
    title: "AI answer held back",
    what: "The AI's answer looked like it revealed its instructions or a secret, so autodm sent the fallback instead.",
  },
  no_faq_match: {
    title: "No FAQ entry matched",
    what: "Without an AI provider, autodm answers from your FAQ entries; none fitted this question, so the fallback was sent.",
    todo: "Add an FAQ entry for questions like this one, or configure an AI provider.",
  },
  handover_requested: {
    title: "Asked for a person",
    what: "The person asked to talk to a human, so the AI stepped back and the conversation waits for your team.",
    todo: "Answer them from the inbox.",
  },
  meta_error: {
    title: "Instagram refused the message",
    what: "Instagram answered with an error; see its code below.",
  },
  rate_limited: {
    title: "Instagram rate limit",
    what: "Instagram asked autodm to slow down. The message waits and goes out automatically.",
  },
  reconnect_needed: {
    title: "Reconnect the account",
    what: "Instagram refused the account's token (expired or revoked). The message waits until you reconnect.",
    todo: "Reconnect the account in Accounts; waiting messages then go out.",
  },
  circuit_open: {
    title: "Paused after errors",
    what: "Several sends to Instagram failed in a row, so autodm pauses this account briefly before trying again.",
  },
  paced: {
    title: "Queued under Meta's limits",
    what: "Sending is paced under Instagram's limits (750 private replies an hour); it goes out shortly.",
  },
  retries_exhausted: {
    title: "Failed after several tries",
    what: "autodm tried several times and kept failing (see the error), so it set the event aside.",
    todo: "Fix the cause if one is shown, then press Retry.",
  },
  retrying: {
    title: "Retrying",
    what: "You asked autodm to try again; the result will appear here.",
  },
  // ── a run in progress ──
  waiting: {
    title: "Waiting",
    what: "The automation is in a delay step; the next message goes out when it ends.",
  },
  parked: {
    title: "On hold",
    what: "Sending is paused (rate limit, pacing or an account to reconnect) and resumes automatically.",
  },
};

export function explainReason(reason: string | null | undefined): Explanation | null {
  if (!reason) return null;
  return (
    REASONS[reason] ?? {
      title: reason.replace(/_/g, " "),
      what: "autodm recorded this reason; no explanation is written for it yet.",
    }
  );
}

export const KNOWN_REASONS: readonly string[] = Object.keys(REASONS);

/** Meta's Graph API error codes (META_PLATFORM.md §4) in plain words. */
export function explainMetaError(
  code: number | null | undefined,
  subcode?: number | null,
  message?: string | null,
): Explanation | null {
  if (code === null || code === undefined) {
    return message ? { title: "Error", what: message } : null;
  }
  const said = message ? ` Instagram said: “${message}”.` : "";
  if (code === 10 && subcode === 2534022)
    return {
      title: `Outside the 24-hour window (10/${subcode})`,
      what: `The person has not written to you in the last 24 hours.${said}`,
      todo: "Wait until they write again; a comment needs a private reply instead.",
    };
  if (code === 1 || code === 2)
    return {
      title: `Temporary Instagram error (${code})`,
      what: `Instagram had a temporary problem.${said}`,
      todo: "Retry; it usually works a moment later.",
    };
  if ([4, 17, 32, 613, 80002].includes(code))
    return {
      title: `Rate limited (${code})`,
      what: `Too many calls for this account in a short time.${said}`,
      todo: "autodm backs off and retries by itself; nothing to do unless it keeps happening.",
    };
  if (code === 190)
    return {
      title: `Token expired or revoked (190${subcode ? `/${subcode}` : ""})`,
      what: `Instagram no longer accepts this account's access.${said}`,
      todo: "Reconnect the account in Accounts.",
    };
  if (code === 100 && subcode === 2534014)
    return {
      title: "No such person (100/2534014)",
      what: `Instagram does not know this person (the account may be deleted).${said}`,
    };
  if (code === 100)
    return {
      title: `Instagram refused a parameter (100${subcode ? `/${subcode}` : ""})`,
      what: `Something in the message was not accepted (a link, a title, a size).${said}`,
      todo: "Check the automation's message, links and buttons.",
    };
  if (code === 368)
    return {
      title: "Temporarily blocked (368)",
      what: `Instagram blocked this account from sending for a while (a policy limit).${said}`,
      todo: "Pause automations on this account and check Instagram's notifications.",
    };
  if (code === 551)
    return {
      title: "Person not receiving messages (551)",
      what: `This person does not accept messages from your account.${said}`,
    };
  if (code === 10 || (code >= 200 && code <= 299))
    return {
      title: `Permission missing (${code}${subcode ? `/${subcode}` : ""})`,
      what: `The app lacks a permission Instagram requires for this.${said}`,
      todo: "Reconnect the account and accept every permission; check the Meta app's access level.",
    };
  return {
    title: `Instagram error ${code}${subcode ? `/${subcode}` : ""}`,
    what: message ?? "Unknown error.",
  };
}
