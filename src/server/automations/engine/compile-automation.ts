import type { Automation, Keyword, MatchKind } from "../../../shared/automation.ts";
import { canonicalize } from "./normalize-text.ts";

export interface CompiledKeyword {
  text: string;
  canon: string;
  match: MatchKind;
}

/** An automation with its keywords canonicalized once. */
export interface CompiledAutomation {
  automation: Automation;
  keywords: CompiledKeyword[];
  excludeKeywords: string[];
  createdAtMs: number;
}

const cache = new WeakMap<Automation, CompiledAutomation>();

/** Memoized per automation object (automations are treated as immutable). */
export function compileAutomation(automation: Automation): CompiledAutomation {
  let compiled = cache.get(automation);
  if (!compiled) {
    compiled = {
      automation,
      keywords: automation.conditions.keywords.map((k: Keyword) => ({
        text: k.text,
        canon: canonicalize(k.text),
        match: k.match,
      })),
      excludeKeywords: automation.conditions.excludeKeywords.map(canonicalize).filter((k) => k.length > 0),
      createdAtMs: Date.parse(automation.createdAt),
    };
    cache.set(automation, compiled);
  }
  return compiled;
}
