import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { conversationId, parseConversationId } from "./ids.ts";
import { faultOf, hitsShare } from "./settings.ts";
import { buildWebhookBody, signBody, toMetaJson } from "./webhook-payload.ts";

const ev = (id: number, accountId: string, shape: "messaging" | "change", field = "messages") => ({
  id,
  accountId,
  field,
  shape,
  payload: { n: id },
  eventTimeMs: 1_700_000_000_000 + id,
});

describe("webhook payloads", () => {
  it("groups messaging per account (ms) and changes per account (seconds)", () => {
    const body = buildWebhookBody(
      [
        ev(1, "A", "messaging"),
        ev(2, "B", "messaging"),
        ev(3, "A", "messaging"),
        ev(4, "A", "change", "comments"),
      ],
      "changes",
    );
    expect(body).toEqual({
      object: "instagram",
      entry: [
        { id: "A", time: 1_700_000_000_003, messaging: [{ n: 1 }, { n: 3 }] },
        { id: "B", time: 1_700_000_000_002, messaging: [{ n: 2 }] },
        { id: "A", time: 1_700_000_000, changes: [{ field: "comments", value: { n: 4 } }] },
      ],
    });
    expect(buildWebhookBody([ev(4, "A", "change", "comments")], "flat").entry).toEqual([
      { id: "A", time: 1_700_000_000, field: "comments", value: { n: 4 } },
    ]);
  });

  it("escapes every non-ASCII character, and the signature covers those exact bytes", () => {
    const json = toMetaJson({ text: "café 🙌 ❤️" });
    expect(json).toBe('{"text":"caf\\u00e9 \\ud83d\\ude4c \\u2764\\ufe0f"}');
    expect(JSON.parse(json)).toEqual({ text: "café 🙌 ❤️" });
    expect(signBody(json, "s")).toBe(
      `sha256=${createHmac("sha256", "s").update(Buffer.from(json)).digest("hex")}`,
    );
  });
});

describe("deterministic faults", () => {
  it("fails exactly the given share of calls, evenly", () => {
    const fails = (share: number) => Array.from({ length: 8 }, (_, i) => hitsShare(i + 1, share));
    expect(fails(0.5)).toEqual([false, true, false, true, false, true, false, true]);
    expect(fails(0.25).filter(Boolean)).toHaveLength(2);
    expect(fails(0).some(Boolean)).toBe(false);
    expect(fails(1).every(Boolean)).toBe(true);
  });

  it("splits combined shares between the faults in proportion", () => {
    const kinds = new Map<string, number>();
    for (let n = 1; n <= 1000; n++) {
      const k = faultOf(n, { errorShare: 0.1, rateLimitShare: 0.1, timeoutShare: 0.1 }) ?? "none";
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
    }
    expect(kinds.get("none")).toBe(700);
    for (const k of ["error", "rate-limit", "timeout"]) expect(kinds.get(k)).toBeGreaterThanOrEqual(95);
    expect(faultOf(3, { errorShare: 1, rateLimitShare: 0, timeoutShare: 0 })).toBe("error");
    expect(faultOf(3, { errorShare: 0, rateLimitShare: 1, timeoutShare: 0 })).toBe("rate-limit");
  });
});

describe("conversation ids", () => {
  it("round-trip and reject foreign ids", () => {
    const id = conversationId("17841400000000001", "1000000000000001");
    expect(parseConversationId(id)).toEqual({ accountId: "17841400000000001", personId: "1000000000000001" });
    expect(parseConversationId("aWdfnonsense")).toBeNull();
    expect(parseConversationId("123")).toBeNull();
  });
});
