import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { AppError } from "../errors.ts";

/** What Meta puts in the payload of a data-deletion or deauthorize `signed_request`. */
const SignedPayload = z.looseObject({
  algorithm: z.string(),
  issued_at: z.number().optional(),
  user_id: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/),
});
export type SignedRequestPayload = z.infer<typeof SignedPayload>;

const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * Meta's `signed_request`: `<b64url(HMAC-SHA256 of the encoded payload)>.<b64url(JSON payload)>`
 * (META_PLATFORM.md §6). The signature is checked in constant time against every configured
 * app secret (which app signs is the one the callback URL belongs to; several may be set), and
 * the payload must say HMAC-SHA256. Anything else is a 400, before any data is touched.
 */
export function verifySignedRequest(signedRequest: string, secrets: readonly string[]): SignedRequestPayload {
  const [encodedSig, encodedPayload, ...rest] = signedRequest.split(".");
  if (
    !encodedSig ||
    !encodedPayload ||
    rest.length > 0 ||
    !B64URL.test(encodedSig) ||
    !B64URL.test(encodedPayload)
  ) {
    throw new AppError("bad_request", "signed_request must be <signature>.<payload> in base64url");
  }
  const given = Buffer.from(encodedSig, "base64url");
  let ok = false;
  for (const secret of secrets) {
    const expected = createHmac("sha256", secret).update(encodedPayload).digest();
    // No early exit: the time taken does not depend on which secret (if any) matched.
    if (given.length === expected.length && timingSafeEqual(expected, given)) ok = true;
  }
  if (!ok) throw new AppError("bad_request", "signed_request signature does not match");
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encodedPayload, "base64url").toString("utf8"));
  } catch {
    throw new AppError("bad_request", "signed_request payload is not JSON");
  }
  const payload = SignedPayload.safeParse(json);
  if (!payload.success) throw new AppError("bad_request", "signed_request payload has no valid user_id");
  if (payload.data.algorithm.toUpperCase() !== "HMAC-SHA256") {
    throw new AppError(
      "bad_request",
      `signed_request algorithm ${payload.data.algorithm} is not HMAC-SHA256`,
    );
  }
  return payload.data;
}
