import type { FaqEntry } from "../../shared/ai-settings.ts";

/**
 * The sandbox demo shop's FAQ: what a sandbox account's AI settings hold until the owner saves
 * their own, so the FAQ bot answers in the test phone from the first start, with no key.
 */
export const DEMO_SHOP_CONTEXT =
  "autodm Demo Shop sells handmade ceramic mugs, bowls and plates online, and from a small studio shop.";

export const DEMO_SHOP_FAQ: FaqEntry[] = [
  {
    question: "How much do the mugs cost?",
    answer: "Our handmade mugs are €24 each, or €88 for a set of four ☕",
  },
  {
    question: "Do you ship internationally?",
    answer: "Yes! We ship across Europe in 3–5 days and worldwide in 7–12 days.",
  },
  {
    question: "How much is shipping?",
    answer: "Shipping is free over €60; below that it's €5.90 in Europe and €14 worldwide.",
  },
  {
    question: "What is your return policy?",
    answer: "You can return anything unused within 30 days for a full refund.",
  },
  {
    question: "What are your opening hours?",
    answer: "The studio shop is open Tuesday to Saturday, 10:00–18:00.",
  },
  {
    question: "Where is your shop?",
    answer: "You'll find us at 8 Clay Street, right next to the old market.",
  },
  {
    question: "Which payment methods do you accept?",
    answer: "We accept cards, PayPal, Apple Pay and Google Pay.",
  },
  {
    question: "Are the mugs dishwasher and microwave safe?",
    answer: "Yes, every piece is dishwasher and microwave safe.",
  },
  { question: "Do you have a discount code?", answer: "Use WELCOME10 for 10% off your first order 🎁" },
  {
    question: "Do you take custom orders?",
    answer: "Yes, custom sets start at 6 pieces; tell us what you have in mind and we'll quote you.",
  },
  {
    question: "Do you sell gift cards?",
    answer: "Yes, gift cards from €20 are emailed instantly from our website.",
  },
  {
    question: "How can I contact you?",
    answer: "Write to hello@demo.shop or just reply here, we answer within a day.",
  },
];
