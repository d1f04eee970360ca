import type { Tone } from "../../shared/ai-settings.ts";

/** What each tone preset asks of the model, in one line. */
const PRESETS: Record<Exclude<Tone["preset"], "custom">, string> = {
  professional: "professional and courteous: clear, precise, no slang, no emoji",
  friendly: "warm and friendly, like a helpful person at the shop; at most one emoji",
  playful: "playful and upbeat, with light humour and an emoji or two",
  concise: "concise and to the point: the answer first, no small talk",
  luxury: "refined and elegant, attentive and calm, never pushy; no emoji",
};

export function toneInstruction(tone: Tone): string {
  if (tone.preset === "custom") return `in the owner's own words: ${tone.words}`;
  return PRESETS[tone.preset];
}
