import type { AutomationInput } from "../../shared/automation.ts";
import { TEMPLATES } from "./templates.ts";

/** What the owner may fill in before a template becomes an automation. */
export interface TemplateParams {
  link?: string | undefined;
  bookingUrl?: string | undefined;
  keyword?: string | undefined;
  accountId?: string | null | undefined;
}

export interface TemplateField {
  name: "link" | "bookingUrl" | "keyword";
  label: string;
  kind: "url" | "text";
  default: string;
}

export interface TemplateEntry {
  /** The key in TEMPLATES (templates.ts). */
  id: keyof typeof TEMPLATES;
  name: string;
  description: string;
  /** The moment it answers, in plain words. */
  when: string;
  fields: TemplateField[];
  build(p: TemplateParams): AutomationInput;
}

const EXAMPLE_URL = "https://example.com";
const keyword = (fallback: string): TemplateField => ({
  name: "keyword",
  label: "Keyword",
  kind: "text",
  default: fallback,
});

/** The gallery, in the order the dashboard shows it (PRODUCT.md "Templates"). */
export const TEMPLATE_CATALOG: readonly TemplateEntry[] = [
  {
    id: "commentToDmLink",
    name: "Comment to DM link",
    description:
      'People comment "LINK" under a post and get the link by private reply; autodm answers the comment too.',
    when: "A comment with the keyword, on any post",
    fields: [{ name: "link", label: "Link to send", kind: "url", default: EXAMPLE_URL }, keyword("LINK")],
    build: (p) =>
      TEMPLATES.commentToDmLink({
        link: p.link ?? EXAMPLE_URL,
        ...(p.keyword ? { keyword: p.keyword } : {}),
        accountId: p.accountId ?? null,
      }),
  },
  {
    id: "appointmentBooking",
    name: "Appointment booking",
    description: 'A DM with "BOOK" gets a button to your booking page, then quick replies for questions.',
    when: "A DM with the keyword",
    fields: [
      { name: "bookingUrl", label: "Booking page", kind: "url", default: EXAMPLE_URL },
      keyword("BOOK"),
    ],
    build: (p) =>
      TEMPLATES.appointmentBooking({
        bookingUrl: p.bookingUrl ?? EXAMPLE_URL,
        ...(p.keyword ? { keyword: p.keyword } : {}),
      }),
  },
  {
    id: "leadQualification",
    name: "Lead qualification",
    description: "Asks a budget question with quick replies, saves the person as a lead and tags them.",
    when: "A DM with the keyword",
    fields: [keyword("INFO")],
    build: (p) => TEMPLATES.leadQualification(p.keyword ? { keyword: p.keyword } : {}),
  },
  {
    id: "faqBot",
    name: "FAQ bot (AI)",
    description:
      "Answers any message nothing more specific took, from your business details — short and on brand.",
    when: "Any message",
    fields: [],
    build: () => TEMPLATES.faqBot(),
  },
  {
    id: "storyMentionThanks",
    name: "Story mention thank-you",
    description: "Thanks people who mention you in their story, with a DM.",
    when: "A story mention",
    fields: [],
    build: () => TEMPLATES.storyMentionThanks(),
  },
  {
    id: "welcomeMessage",
    name: "Welcome message",
    description: "Greets a person the first time they write, with quick replies to route them.",
    when: "The first message from a person",
    fields: [],
    build: () => TEMPLATES.welcomeMessage(),
  },
];

export function templateById(id: string): TemplateEntry | undefined {
  return TEMPLATE_CATALOG.find((t) => t.id === id);
}

/** The gallery as the API shows it: each template with the automation its defaults make. */
export function templateViews() {
  return TEMPLATE_CATALOG.map(({ build, ...entry }) => ({ ...entry, automation: build({}) }));
}
