/**
 * Input PostgreSQL cannot store, or that costs too much to carry: text with U+0000 (no text or
 * jsonb value may hold it) or a lone UTF-16 surrogate (JSON.stringify writes it as `\ud800`,
 * which jsonb refuses, and UTF-8 cannot encode it), nesting deep enough to overflow
 * JSON.stringify's stack, and fields far beyond anything a person types. One walk finds the
 * first such value and names where it is; the API answers 400 with that name, the webhook
 * receiver cleans text (cleanJson) and keeps only structural problems for a rejection.
 */

export interface InputLimits {
  /** Levels of objects / arrays below the top. */
  maxDepth: number;
  /** Characters in one string value. */
  maxString: number;
  /** Characters in one object key. */
  maxKey: number;
}

/** The largest field the API takes is 8,000 characters (an AI business context). */
export const API_INPUT_LIMITS: InputLimits = { maxDepth: 32, maxString: 16_384, maxKey: 200 };

/**
 * What the webhook receiver stores. Meta's deepest shape is ~8 levels and its longest text a
 * 2,200-character comment (CDN addresses run to a few thousand): past these limits a signed
 * delivery is not Meta's, and it is kept as rejected instead of stored.
 */
export const WEBHOOK_INPUT_LIMITS: InputLimits = { maxDepth: 32, maxString: 65_536, maxKey: 200 };

export type UnsafeProblem = "nul" | "lone_surrogate" | "too_deep" | "too_long";

export interface UnsafeInput {
  path: (string | number)[];
  problem: UnsafeProblem;
  limit?: number;
}

const LONE_SURROGATE = /\p{Cs}/u;

/** What is wrong with one string, if anything. */
export function textProblem(text: string, maxLength: number): UnsafeProblem | undefined {
  if (text.length > maxLength) return "too_long";
  if (text.includes("\u0000")) return "nul";
  if (LONE_SURROGATE.test(text)) return "lone_surrogate";
  return undefined;
}

const lengthProblem = (text: string, maxLength: number): UnsafeProblem | undefined =>
  text.length > maxLength ? "too_long" : undefined;

/**
 * The first unsafe value in a parsed JSON value (iterative: deep input cannot overflow it).
 * `structuralOnly` reports only depth and length, for input whose text is cleaned (cleanJson).
 */
export function findUnsafeInput(
  value: unknown,
  limits: InputLimits,
  options: { structuralOnly?: boolean } = {},
): UnsafeInput | undefined {
  const problemOf = options.structuralOnly ? lengthProblem : textProblem;
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: [] }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { v, path } = next;
    if (typeof v === "string") {
      const problem = problemOf(v, limits.maxString);
      if (problem) return { path, problem, ...(problem === "too_long" ? { limit: limits.maxString } : {}) };
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (path.length >= limits.maxDepth) return { path, problem: "too_deep", limit: limits.maxDepth };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      const problem = problemOf(key, limits.maxKey);
      if (problem)
        return { path: [...path, key], problem, ...(problem === "too_long" ? { limit: limits.maxKey } : {}) };
      stack.push({ v: (v as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return undefined;
}

/** A field name as the API's messages write it: `conditions.keywords.0.text`. */
export function fieldName(path: (string | number)[], fallback = "body"): string {
  return path.length ? path.join(".") : fallback;
}

/** "name: contains U+0000 (a NUL character), which cannot be stored". */
export function describeUnsafe(found: UnsafeInput, fallback?: string): string {
  const where = fieldName(found.path, fallback);
  switch (found.problem) {
    case "nul":
      return `${where}: contains U+0000 (a NUL character), which cannot be stored`;
    case "lone_surrogate":
      return `${where}: contains a lone UTF-16 surrogate, which is not valid Unicode text`;
    case "too_deep":
      // The full path is as long as the nesting: name where it starts.
      return `${found.path.length > 4 ? `${fieldName(found.path.slice(0, 4))}…` : where}: nested more than ${found.limit} levels deep`;
    case "too_long":
      return `${where}: longer than ${found.limit} characters`;
  }
}

/** Text PostgreSQL can store: U+0000 removed, lone surrogates replaced with U+FFFD. */
export function cleanText(text: string): string {
  if (!text.includes("\u0000") && !LONE_SURROGATE.test(text)) return text;
  return text.replaceAll("\u0000", "").replace(/\p{Cs}/gu, "\ufffd");
}

/**
 * A parsed JSON value with every string and key cleaned (cleanText). Returns the value itself
 * when nothing needed cleaning. Recursive: call it only on input whose depth was checked.
 */
export function cleanJson<T>(value: T): { value: T; changed: boolean } {
  let changed = false;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      const c = cleanText(v);
      if (c !== v) changed = true;
      return c;
    }
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(walk);
    const out: Record<string, unknown> = {};
    for (const [k, inner] of Object.entries(v)) {
      const ck = cleanText(k);
      if (ck !== k) changed = true;
      out[ck] = walk(inner);
    }
    return out;
  };
  const cleaned = walk(value) as T;
  return changed ? { value: cleaned, changed } : { value, changed };
}
