import { type AutomationInput, AutomationInputV1 } from "../../shared/automation.ts";

/**
 * Ready-made automations (PRODUCT.md "Templates"): each a function of a few parameters with
 * sensible defaults, returning a validated AutomationInput the owner can still edit.
 */

const build = (input: unknown): AutomationInput => AutomationInputV1.parse(input);

export interface CommentToDmLinkParams {
  link: string;
  keyword?: string;
  /** "any", "next_post" or media ids. */
  posts?: "any" | "next_post" | string[];
  message?: string;
  publicReplies?: string[];
  accountId?: string | null;
}

/** Comment "LINK" → the link by private reply, and a varied public reply under the comment. */
export function commentToDmLink(p: CommentToDmLinkParams): AutomationInput {
  const keyword = p.keyword ?? "LINK";
  return build({
    version: 1,
    name: `Comment "${keyword}" → link by DM`,
    accountId: p.accountId ?? null,
    trigger: { type: "comment_keyword", posts: p.posts ?? "any" },
    conditions: { keywords: [{ text: keyword, match: "whole_word" }] },
    actions: [
      {
        type: "private_reply",
        variations: [p.message ?? `Here is your link 👉 ${p.link}`, `As promised, the link: ${p.link} ✨`],
        buttons: [{ type: "web_url", title: "Open the link", url: p.link }],
      },
      {
        type: "public_reply",
        variations: p.publicReplies ?? [
          "Sent you a DM 🙌",
          "Check your DMs 📩",
          "Just sent it to your inbox ✨",
        ],
      },
    ],
    options: { oncePerPerson: true },
  });
}

export interface AppointmentBookingParams {
  bookingUrl: string;
  keyword?: string;
  businessName?: string;
}

/** DM "BOOK" → a button to the booking page, then quick replies for people who want to ask first. */
export function appointmentBooking(p: AppointmentBookingParams): AutomationInput {
  const keyword = p.keyword ?? "BOOK";
  const who = p.businessName ? ` with ${p.businessName}` : "";
  return build({
    version: 1,
    name: `DM "${keyword}" → booking link`,
    trigger: { type: "dm_keyword" },
    conditions: { keywords: [{ text: keyword, match: "whole_word" }] },
    actions: [
      {
        type: "send_text",
        variations: [`Book your appointment${who} here 👇`, `Pick a time that suits you${who} 👇`],
        buttons: [{ type: "web_url", title: "Book now", url: p.bookingUrl }],
      },
      {
        type: "send_text",
        variations: ["Any question before you book?"],
        quickReplies: [
          { title: "Prices", payload: "BOOKING_PRICES" },
          { title: "Opening hours", payload: "BOOKING_HOURS" },
          { title: "Talk to a person", payload: "BOOKING_HUMAN" },
        ],
      },
      { type: "add_tag", tag: "booking_interest" },
    ],
  });
}

export interface LeadQualificationParams {
  keyword?: string;
  question?: string;
  answers?: string[];
  tag?: string;
}

/**
 * DM keyword → a quick-reply question → save the lead and tag it. Each answer carries the
 * payload `LEAD_ANSWER_<n>` (n from 1), for follow-up `payload` automations.
 */
export function leadQualification(p: LeadQualificationParams = {}): AutomationInput {
  const keyword = p.keyword ?? "INFO";
  const answers = p.answers ?? ["Under $500", "$500 – $2,000", "Over $2,000", "Just browsing"];
  return build({
    version: 1,
    name: `DM "${keyword}" → qualify the lead`,
    trigger: { type: "dm_keyword" },
    conditions: { keywords: [{ text: keyword, match: "whole_word" }] },
    actions: [
      { type: "send_text", variations: ["Thanks for reaching out! 🙌", "Happy to help! 🙌"] },
      {
        type: "send_text",
        variations: [p.question ?? "What budget do you have in mind?"],
        quickReplies: answers.map((title, i) => ({ title, payload: `LEAD_ANSWER_${i + 1}` })),
      },
      { type: "save_lead", source: "instagram_dm" },
      { type: "add_tag", tag: p.tag ?? "lead" },
    ],
  });
}

export interface FaqBotParams {
  instructions?: string;
}

/** Any message nothing more specific took → an AI answer from the business context. */
export function faqBot(p: FaqBotParams = {}): AutomationInput {
  return build({
    version: 1,
    name: "FAQ bot (AI)",
    priority: -10,
    trigger: { type: "any_message" },
    actions: [
      {
        type: "ai_reply",
        instructions:
          p.instructions ??
          "Answer questions about our products, prices and opening hours from the business context. Offer a human if unsure.",
      },
    ],
  });
}

export interface StoryMentionThanksParams {
  messages?: string[];
  tag?: string;
}

/** Someone mentions the account in their story → a thank-you DM. */
export function storyMentionThanks(p: StoryMentionThanksParams = {}): AutomationInput {
  return build({
    version: 1,
    name: "Story mention → thank you",
    trigger: { type: "story_mention" },
    actions: [
      {
        type: "send_text",
        variations: p.messages ?? [
          "Thanks so much for the mention! 💛",
          "You made our day, thank you for sharing! 🙏",
          "Thank you for the shout-out! ✨",
        ],
      },
      { type: "add_tag", tag: p.tag ?? "mentioned_us" },
    ],
  });
}

export interface WelcomeMessageParams {
  text?: string;
  options?: { title: string; payload: string }[];
}

/** The first message ever from a person → a welcome with a short menu. */
export function welcomeMessage(p: WelcomeMessageParams = {}): AutomationInput {
  return build({
    version: 1,
    name: "Welcome message",
    trigger: { type: "first_message" },
    actions: [
      {
        type: "send_text",
        variations: [p.text ?? "Hi and welcome! 👋 How can we help you today?"],
        quickReplies: p.options ?? [
          { title: "Prices", payload: "WELCOME_PRICES" },
          { title: "Book a visit", payload: "WELCOME_BOOK" },
          { title: "Talk to a person", payload: "WELCOME_HUMAN" },
        ],
      },
    ],
  });
}

/** The catalog the dashboard lists. */
export const TEMPLATES = {
  commentToDmLink,
  appointmentBooking,
  leadQualification,
  faqBot,
  storyMentionThanks,
  welcomeMessage,
} as const;
