import type { Rng } from "./chaos-run.ts";
import { NASTY_STRINGS } from "./webhook-mutations.ts";

/**
 * Junk requests over every route of the OpenAPI document (GET /api/openapi.json): path
 * parameters, query strings and bodies of the wrong type, with `\u0000` and lone surrogates,
 * too deep, too big, or missing, with and without credentials. The operations are taken in
 * turn, so every one is hit about equally often.
 */
export interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string }[];
  bodyProperties: string[] | undefined;
  bodyType: "json" | "form" | undefined;
  /** Statuses the document lists (a documented 503 is an answer, not a failure). */
  statuses: number[];
}

interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
  responses?: Record<string, unknown>;
}

export function operationsOf(doc: { paths: Record<string, Record<string, OpenApiOperation>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods)) {
      const content = op.requestBody?.content ?? {};
      const type = Object.keys(content)[0];
      ops.push({
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? [],
        bodyProperties: type ? Object.keys(content[type]?.schema?.properties ?? {}) : undefined,
        bodyType: type === undefined ? undefined : type.includes("form") ? "form" : "json",
        statuses: Object.keys(op.responses ?? {}).map(Number),
      });
    }
  return ops;
}

export interface JunkRequest {
  op: Operation;
  url: string;
  init: RequestInit & { headers: Record<string, string> };
  /** What was junk about it (for the report of a failure). */
  what: string;
}

/** Percent-encoded forms of the nasty values, as they would arrive in a path or query. */
const RAW_SEGMENTS = ["%00", "%ED%A0%80", "%ED%BF%BF", "%FF", "%C3", "..%2F..%2Fetc", "%2500", "%E2%80%AE"];

export class ApiJunk {
  private turn = 0;

  constructor(
    private readonly rng: Rng,
    private readonly ops: Operation[],
    private readonly base: string,
    private readonly auth: Record<string, string>,
  ) {}

  private junkText(): string {
    const r = this.rng;
    switch (r.int(6)) {
      case 0:
        return "x".repeat(r.between(1000, 300_000));
      case 1:
        return r.pick(["-1", "0", "1e309", "NaN", "null", "true", "[]", "{}", "9".repeat(40)]);
      case 2:
        return crypto.randomUUID();
      default:
        return r.pick(NASTY_STRINGS);
    }
  }

  private segment(): string {
    const r = this.rng;
    if (r.chance(0.3)) return r.pick(RAW_SEGMENTS);
    if (r.chance(0.1)) return "x".repeat(r.between(2000, 20_000));
    const text = this.junkText().slice(0, 5000);
    try {
      return encodeURIComponent(text);
    } catch {
      return "%ED%A0%80"; // a lone surrogate cannot be percent-encoded as UTF-8: send its raw bytes
    }
  }

  private value(depth = 0): unknown {
    const r = this.rng;
    switch (r.int(depth > 2 ? 6 : 9)) {
      case 0:
        return null;
      case 1:
        return r.pick([0, -1, 1e308, 2 ** 53 + 1, 0.1, -2_147_483_649]);
      case 2:
        return r.chance(0.5);
      case 3:
      case 4:
      case 5:
        return this.junkText();
      case 6:
        return Array.from({ length: r.int(5) }, () => this.value(depth + 1));
      case 7:
        return { [r.pick(NASTY_STRINGS)]: this.value(depth + 1), version: r.pick([1, 2, "1", null]) };
      default:
        return Object.fromEntries(
          Array.from({ length: r.int(4) }, () => [
            r.pick(["name", "text", "type", "id", "email"]),
            this.value(depth + 1),
          ]),
        );
    }
  }

  /** A body for `op`: its own keys with junk values, or something else entirely. */
  private body(op: Operation): { text: string; type: string } {
    const r = this.rng;
    const shape = r.int(10);
    if (shape === 0) {
      const depth = r.between(1000, 100_000);
      return { text: `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`, type: "application/json" };
    }
    if (shape === 1)
      return { text: r.pick(["{", "nul\u0000", '{"a":"\\ud800"', "[1,2", ""]), type: "application/json" };
    if (shape === 2)
      return { text: "x=1&y=%00", type: r.pick(["text/plain", "application/x-www-form-urlencoded"]) };
    const keys = op.bodyProperties?.length ? op.bodyProperties : ["name", "text"];
    const obj: Record<string, unknown> = {};
    for (const k of keys) if (!r.chance(0.3)) obj[k] = this.value();
    if (r.chance(0.2)) obj[r.pick(NASTY_STRINGS)] = this.value();
    if (op.bodyType === "form") {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(obj)) form.set(k, typeof v === "string" ? v : JSON.stringify(v));
      return { text: form.toString(), type: "application/x-www-form-urlencoded" };
    }
    const value = shape === 3 ? this.value() : obj;
    return { text: JSON.stringify(value) ?? "null", type: "application/json" };
  }

  next(): JunkRequest {
    const r = this.rng;
    const op = this.ops[this.turn++ % this.ops.length] as Operation;
    const path = op.path.replace(/\{(\w+)\}/g, () => this.segment());
    const query = new URLSearchParams();
    for (const p of op.params.filter((x) => x.in === "query"))
      if (!r.chance(0.3)) query.set(p.name, this.junkText().slice(0, 3000));
    if (r.chance(0.2)) query.set(r.pick(NASTY_STRINGS), this.junkText().slice(0, 100));
    let qs = query.toString();
    if (r.chance(0.15))
      qs += `${qs ? "&" : ""}${r.pick(op.params.filter((x) => x.in === "query"))?.name ?? "q"}=${r.pick(RAW_SEGMENTS)}`;
    const headers: Record<string, string> = {};
    const creds = r.int(10);
    if (creds < 8) Object.assign(headers, this.auth);
    else if (creds === 8) headers.authorization = `Bearer ${r.pick(["", "x", "\u00ff", "a".repeat(5000)])}`;
    let body: string | undefined;
    let what = path;
    if (op.method !== "GET" && op.method !== "DELETE" && !r.chance(0.1)) {
      const b = this.body(op);
      body = b.text;
      headers["content-type"] = b.type;
      what += ` body ${b.text.length > 120 ? `${b.text.slice(0, 120)}… (${b.text.length} chars)` : b.text}`;
    }
    return {
      op,
      url: `${this.base}${path}${qs ? `?${qs}` : ""}`,
      init: { method: op.method, headers, body, redirect: "manual" },
      what,
    };
  }
}
