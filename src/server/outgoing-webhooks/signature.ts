import { createHmac, timingSafeEqual } from "node:crypto";

/** Headers of every delivery: when it was signed (Unix seconds) and HMAC-SHA256 over `timestamp.body`. */
export const TIMESTAMP_HEADER = "x-autodm-timestamp";
export const SIGNATURE_HEADER = "x-autodm-signature";

export function signDelivery(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * The receiver's check (documented in docs/webhooks.md): same HMAC, compared in constant time,
 * and a timestamp within `toleranceSeconds` so a captured delivery cannot be replayed later.
 */
export function verifyDelivery(
  secret: string,
  headers: { timestamp: string | null; signature: string | null },
  body: string,
  options: { nowSeconds?: number; toleranceSeconds?: number } = {},
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || !headers.signature) return false;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signDelivery(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
