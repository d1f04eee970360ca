import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifySignedRequest } from "./signed-request.ts";

const SECRET = "app-secret-1";

/** Built the way Meta documents it, independently of the code under test. */
function sign(payload: object, secret = SECRET): string {
  const encoded = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const sig = createHmac("sha256", secret).update(encoded).digest("base64url");
  return `${sig}.${encoded}`;
}

const payload = { algorithm: "HMAC-SHA256", issued_at: 1_765_000_000, user_id: "17841400000000001" };

describe("verifySignedRequest", () => {
  it("accepts Meta's format and returns the payload", () => {
    expect(verifySignedRequest(sign(payload), [SECRET]).user_id).toBe("17841400000000001");
  });

  it("accepts any configured secret", () => {
    expect(verifySignedRequest(sign(payload, "other"), [SECRET, "other"]).user_id).toBe(payload.user_id);
  });

  it("accepts padded base64url", () => {
    const [sig, body] = sign(payload).split(".");
    expect(verifySignedRequest(`${sig}=.${body}`, [SECRET]).user_id).toBe(payload.user_id);
  });

  it("refuses a wrong secret, a tampered payload and a truncated signature", () => {
    expect(() => verifySignedRequest(sign(payload, "wrong"), [SECRET])).toThrow(/signature/);
    const [sig] = sign(payload).split(".");
    const tampered = Buffer.from(JSON.stringify({ ...payload, user_id: "999" })).toString("base64url");
    expect(() => verifySignedRequest(`${sig}.${tampered}`, [SECRET])).toThrow(/signature/);
    expect(() => verifySignedRequest(`${sig?.slice(0, 10)}.${tampered}`, [SECRET])).toThrow(/signature/);
  });

  it("refuses another algorithm even when signed", () => {
    expect(() => verifySignedRequest(sign({ ...payload, algorithm: "none" }), [SECRET])).toThrow(/algorithm/);
  });

  it("refuses malformed requests with a 400", () => {
    for (const bad of ["", "abc", "a.b.c", "!!.??", `${sign(payload)}.x`]) {
      try {
        verifySignedRequest(bad, [SECRET]);
        expect.unreachable();
      } catch (err) {
        expect((err as { status?: number }).status).toBe(400);
      }
    }
  });

  it("refuses a payload without a usable user_id", () => {
    expect(() => verifySignedRequest(sign({ algorithm: "HMAC-SHA256" }), [SECRET])).toThrow(/user_id/);
    expect(() =>
      verifySignedRequest(sign({ algorithm: "HMAC-SHA256", user_id: "1' or 1=1" }), [SECRET]),
    ).toThrow(/user_id/);
  });

  it("refuses everything when no secret is configured", () => {
    expect(() => verifySignedRequest(sign(payload), [])).toThrow(/signature/);
  });
});
