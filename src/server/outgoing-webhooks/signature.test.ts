import { webcrypto } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signDelivery, verifyDelivery } from "./signature.ts";

/** An HMAC computed another way (WebCrypto), as a receiver in another stack would. */
async function independentHmac(secret: string, message: string) {
  const key = await webcrypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await webcrypto.subtle.sign("HMAC", key, new TextEncoder().encode(message));
  return `sha256=${Buffer.from(mac).toString("hex")}`;
}

describe("delivery signatures", () => {
  const secret = "whsec_test_0123456789";
  const body = JSON.stringify({ event: "lead.created", data: { lead: { id: "l1", name: "Zoë" } } });

  it("is HMAC-SHA256 over `timestamp.body`", async () => {
    expect(signDelivery(secret, 1_760_000_000, body)).toBe(
      await independentHmac(secret, `1760000000.${body}`),
    );
  });

  it("verifies a fresh delivery; refuses a changed body, another secret, an old timestamp", () => {
    const ts = 1_760_000_000;
    const signature = signDelivery(secret, ts, body);
    const at = { nowSeconds: ts + 10 };
    expect(verifyDelivery(secret, { timestamp: String(ts), signature }, body, at)).toBe(true);
    expect(verifyDelivery(secret, { timestamp: String(ts), signature }, `${body} `, at)).toBe(false);
    expect(verifyDelivery("other-secret", { timestamp: String(ts), signature }, body, at)).toBe(false);
    expect(verifyDelivery(secret, { timestamp: String(ts + 1), signature }, body, at)).toBe(false);
    expect(verifyDelivery(secret, { timestamp: String(ts), signature }, body, { nowSeconds: ts + 301 })).toBe(
      false,
    );
    expect(verifyDelivery(secret, { timestamp: null, signature }, body, at)).toBe(false);
    expect(verifyDelivery(secret, { timestamp: String(ts), signature: "sha256=00" }, body, at)).toBe(false);
  });
});
