import { createHmac, timingSafeEqual } from "node:crypto";

const HEADER = /^sha256=([0-9a-f]{64})$/i;

/**
 * X-Hub-Signature-256 over the raw body bytes, compared in constant time against every
 * configured app secret: which secret signs for Instagram-Login apps is unconfirmed
 * (META_PLATFORM.md §2), so any configured one is accepted.
 */
export function verifyWebhookSignature(
  raw: Uint8Array,
  header: string | undefined,
  secrets: readonly string[],
): boolean {
  const match = header ? HEADER.exec(header.trim()) : null;
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1].toLowerCase(), "hex");
  let ok = false;
  for (const secret of secrets) {
    const expected = createHmac("sha256", secret).update(raw).digest();
    // No early exit: the time taken does not depend on which secret (if any) matched.
    if (timingSafeEqual(expected, given)) ok = true;
  }
  return ok;
}

export function signWebhookBody(raw: Uint8Array | string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;
}
