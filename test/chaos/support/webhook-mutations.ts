import { createHmac } from "node:crypto";
import type { Rng } from "./chaos-run.ts";

/**
 * Webhook bodies as an attacker or a buggy upstream would send them: Meta's shapes (DMs,
 * comments, postbacks, reactions, reads) with one to three mutations each — `\u0000`, lone
 * surrogates, invalid UTF-8, deep nesting, huge fields, wrong types, missing keys, ids
 * duplicated inside a body, extreme timestamps, broken JSON. Everything comes from the seeded
 * Rng, so a run replays from its seed.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

export const NASTY_STRINGS = [
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "x\ud800y",
  "\udfff\ud800",
  "\uffff\ufffe",
  "\u202eevil",
  "💥\u0000💥",
  "' or 1=1 --",
  "%00",
  "\\",
  '"',
  "<script>alert(1)</script>",
  "",
  " ",
  "\r\n\t",
];

const DEEP_MARK = "\u0001deep\u0001";

export interface WebhookBody {
  /** The exact bytes sent (signed over these). */
  bytes: Buffer;
  mutations: string[];
}

export function signature(bytes: Buffer, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(bytes).digest("hex")}`;
}

/** A DM as Meta sends it: one entry, one messaging item. */
export function messageBody(accountId: string, sender: string, mid: string, text: string, now: number): Obj {
  return {
    object: "instagram",
    entry: [
      {
        time: now,
        id: accountId,
        messaging: [
          {
            sender: { id: sender },
            recipient: { id: accountId },
            timestamp: now,
            message: { mid, text },
          },
        ],
      },
    ],
  };
}

export function toBytes(body: Json): Buffer {
  return Buffer.from(JSON.stringify(body), "utf8");
}

/** Every node's path (keys and indexes) in a tree. */
function paths(node: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix);
  if (Array.isArray(node)) {
    for (const [i, v] of node.entries()) paths(v, [...prefix, i], out);
  } else if (node && typeof node === "object")
    for (const [k, v] of Object.entries(node)) paths(v, [...prefix, k], out);
  return out;
}

/** The value if it is a plain object (earlier mutations may have made it anything). */
const asObj = (v: Json | undefined): Obj | undefined =>
  v && typeof v === "object" && !Array.isArray(v) ? v : undefined;
const asList = (v: Json | undefined): Json[] | undefined => (Array.isArray(v) ? v : undefined);

function parentOf(root: Json, path: (string | number)[]) {
  let node = root;
  for (const key of path.slice(0, -1)) node = (node as Record<string | number, Json>)[key] as Json;
  return node as Record<string | number, Json>;
}

export class WebhookMutator {
  private n = 0;

  constructor(
    private readonly rng: Rng,
    /** Accounts the bodies are addressed to (the connected one among them). */
    private readonly accounts: readonly string[],
  ) {}

  private id(prefix: string) {
    return `${prefix}${this.rng.int(1e9)}${(this.n++).toString(36)}`;
  }

  private randomString(): string {
    const r = this.rng;
    if (r.chance(0.5)) return r.pick(NASTY_STRINGS);
    return `${r.pick(["price", "link", "hi", "burst", "info"])} ${r.pick(NASTY_STRINGS)}${r.int(1000)}`;
  }

  private junkValue(): Json {
    const r = this.rng;
    switch (r.int(12)) {
      case 0:
        return null;
      case 1:
        return r.chance(0.5);
      case 2:
        return r.pick([0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.5, 2_147_483_648, -2_147_483_649]);
      case 3:
        return [];
      case 4:
        return {};
      case 5:
        return [this.randomString(), r.int(100)];
      case 6:
        return { id: this.randomString() };
      case 7:
        return String(r.int(1e6));
      case 8:
        return "9".repeat(r.between(20, 400));
      default:
        return this.randomString();
    }
  }

  /** A base body of one of Meta's shapes, from a stranger (never a person of the clean mix). */
  private base(): Obj {
    const r = this.rng;
    const account = r.pick(this.accounts);
    const sender = this.id("7");
    const now = Date.now();
    const item: Obj = { sender: { id: sender }, recipient: { id: account }, timestamp: now };
    const kind = r.int(6);
    if (kind === 4) {
      return {
        object: "instagram",
        entry: [
          {
            id: account,
            time: Math.floor(now / 1000),
            changes: [
              {
                field: r.pick(["comments", "live_comments", "mentions", "story_insights"]),
                value: {
                  id: this.id("18"),
                  text: this.randomString(),
                  from: { id: sender, username: this.randomString() },
                  media: { id: this.id("17"), media_product_type: r.pick(["FEED", "REELS", "AD"]) },
                },
              },
            ],
          },
        ],
      };
    }
    if (kind === 3) item.postback = { mid: this.id("m_"), title: this.randomString(), payload: "P" };
    else if (kind === 2) item.reaction = { mid: this.id("m_"), action: "react", reaction: "love" };
    else if (kind === 1) item.read = { mid: this.id("m_") };
    else
      item.message = {
        mid: this.id("m_"),
        text: this.randomString(),
        ...(r.chance(0.2) ? { attachments: [{ type: "image", payload: { url: "https://x.test/a" } }] } : {}),
      };
    return { object: "instagram", entry: [{ time: now, id: account, messaging: [item] }] };
  }

  /** A body with 1–3 mutations. */
  next(): WebhookBody {
    const r = this.rng;
    const body = this.base();
    const mutations: string[] = [];
    let deep: string | undefined;
    let huge = false;
    const count = r.between(1, 3);
    for (let i = 0; i < count; i++) {
      const all = paths(body).filter((p) => p.length > 0);
      if (all.length === 0) break; // mutated down to {}
      const at = r.pick(all);
      const parent = parentOf(body, at);
      const key = at[at.length - 1] as string | number;
      const value = parent[key];
      // Deep and huge bodies are the costly ones (up to 1 MB each): 2 % of bodies each.
      const kind = r.chance(0.04)
        ? r.pick(["deep", "huge"] as const)
        : r.pick([
            "nul",
            "surrogate",
            "nul-key",
            "wrong-type",
            "wrong-type",
            "missing",
            "missing",
            "duplicate-id",
            "extreme-time",
            "many-items",
          ] as const);
      mutations.push(kind);
      if (kind === "nul" || kind === "surrogate") {
        const bad =
          kind === "nul"
            ? r.pick(["\u0000", "a\u0000", "\u0000\u0000x"])
            : r.pick(["\ud800", "\udfff", "a\udbff"]);
        parent[key] = typeof value === "string" ? `${value.slice(0, 3)}${bad}${value.slice(3)}` : bad;
      } else if (kind === "nul-key") {
        if (!Array.isArray(parent)) {
          delete parent[key];
          parent[`${String(key)}${r.pick(["\u0000", "\ud800", ""])}`] = value ?? null;
        }
      } else if (kind === "wrong-type") {
        parent[key] = this.junkValue();
      } else if (kind === "missing") {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      } else if (kind === "duplicate-id") {
        // The same item twice in one body (Meta's retries can batch a delivery with itself).
        const entry = asObj(asList(body.entry)?.[0]);
        const list = asList(entry?.messaging) ?? asList(entry?.changes);
        if (list?.[0] !== undefined) list.push(JSON.parse(JSON.stringify(list[0])));
      } else if (kind === "extreme-time") {
        const entry = asObj(asList(body.entry)?.[0]);
        const item = asObj(asList(entry?.messaging)?.[0]);
        const day = 86_400_000;
        const t = r.pick([Date.now() - 25 * day, Date.now() + 25 * day, 0, -1, 1e15, 1e20, 2 ** 31]);
        if (item) item.timestamp = t;
        else if (entry) entry.time = t;
      } else if (kind === "deep") {
        // 50,000–200,000 levels: built as text (JSON.stringify itself would overflow the stack).
        const depth = r.between(50_000, 200_000);
        deep = r.chance(0.5)
          ? `${"[".repeat(depth)}1${"]".repeat(depth)}`
          : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
        parent[key] = DEEP_MARK;
      } else if (kind === "huge" && !huge) {
        huge = true;
        parent[key] = r.pick(["x", "\u00e9", "💥", "\u0000"]).repeat(r.between(250_000, 1_100_000) / 4);
      } else if (kind === "many-items") {
        const list = asList(asObj(asList(body.entry)?.[0])?.messaging);
        if (list?.[0] !== undefined && JSON.stringify(list[0]).length < 2000)
          for (let k = r.between(10, 300); k > 0; k--) {
            const copy = JSON.parse(JSON.stringify(list[0])) as Json;
            const message = asObj(asObj(copy)?.message);
            if (message) message.mid = this.id("m_");
            list.push(copy);
          }
      }
    }
    let text = JSON.stringify(body);
    if (deep) text = text.replace(JSON.stringify(DEEP_MARK), deep);
    let bytes = Buffer.from(text, "utf8");
    const raw = r.int(20);
    if (raw === 0) {
      // Invalid UTF-8 inside a string: a lone continuation byte, an encoded surrogate, 0xff.
      const at = text.indexOf('"text":"');
      const bad = r.pick([Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xed, 0xa0, 0x80])]);
      if (at >= 0) {
        const cut = Buffer.byteLength(text.slice(0, at + 8));
        bytes = Buffer.concat([bytes.subarray(0, cut), bad, bytes.subarray(cut)]);
        mutations.push("invalid-utf8");
      }
    } else if (raw === 1) {
      bytes = bytes.subarray(0, r.int(bytes.length));
      mutations.push("truncated");
    } else if (raw === 2 && bytes.length > 0) {
      bytes = Buffer.from(bytes);
      bytes[r.int(bytes.length)] = r.int(256);
      mutations.push("flipped-byte");
    }
    return { bytes, mutations };
  }
}

/** Signature headers that must all be refused (401), for the unsigned part of the mix. */
export function badSignature(rng: Rng, bytes: Buffer, secret: string): string | undefined {
  switch (rng.int(8)) {
    case 0:
      return undefined;
    case 1:
      return "";
    case 2:
      return `sha256=${"0".repeat(64)}`;
    case 3:
      return signature(bytes, `${secret}x`);
    case 4:
      return signature(Buffer.concat([bytes, Buffer.from(" ")]), secret);
    case 5:
      return `sha1=${createHmac("sha1", secret).update(bytes).digest("hex")}`;
    case 6:
      return `sha256=${signature(bytes, secret).slice(7, 40)}`;
    default:
      return `sha256=${"ab".repeat(rng.between(1, 5000))}`;
  }
}
