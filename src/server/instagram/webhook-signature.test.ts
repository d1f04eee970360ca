import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhookBody, verifyWebhookSignature } from "./webhook-signature.ts";

const body = Buffer.from(
  '{"object":"instagram","entry":[{"id":"1","messaging":[{"message":{"text":"caf\\u00e9"}}]}]}',
);
const sign = (secret: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("webhook signatures", () => {
  it("accepts a signature by any configured secret", () => {
    expect(verifyWebhookSignature(body, sign("meta-secret"), ["ig-secret", "meta-secret"])).toBe(true);
    expect(verifyWebhookSignature(body, sign("ig-secret"), ["ig-secret", "meta-secret"])).toBe(true);
    expect(signWebhookBody(body, "ig-secret")).toBe(sign("ig-secret"));
  });

  it("refuses a missing, malformed, wrong or re-serialized signature", () => {
    expect(verifyWebhookSignature(body, undefined, ["s"])).toBe(false);
    expect(verifyWebhookSignature(body, "", ["s"])).toBe(false);
    expect(verifyWebhookSignature(body, "sha1=abc", ["s"])).toBe(false);
    expect(verifyWebhookSignature(body, sign("other"), ["s"])).toBe(false);
    expect(verifyWebhookSignature(body, sign("s"), [])).toBe(false);
    // The same JSON re-serialized (é unescaped) is different bytes: the signature no longer fits.
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(body.toString())));
    expect(verifyWebhookSignature(reserialized, sign("s"), ["s"])).toBe(false);
  });

  it("accepts upper-case hex as sent by some proxies", () => {
    expect(verifyWebhookSignature(body, sign("s").toUpperCase().replace("SHA256", "sha256"), ["s"])).toBe(
      true,
    );
  });
});
