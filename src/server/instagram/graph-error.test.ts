import { describe, expect, it } from "vitest";
import { classifyGraphError, GraphError, graphErrorFromResponse } from "./graph-error.ts";

const meta = (code: number, extra: Record<string, unknown> = {}) => ({
  error: { message: `(#${code}) something`, type: "OAuthException", code, fbtrace_id: "A1", ...extra },
});

describe("Graph errors", () => {
  it.each([
    [1, 400, "retry"],
    [2, 400, "retry"],
    [4, 400, "rate-limited"],
    [17, 400, "rate-limited"],
    [32, 400, "rate-limited"],
    [613, 400, "rate-limited"],
    [80002, 400, "rate-limited"],
    [368, 400, "rate-limited"],
    [190, 400, "reconnect"],
    [10, 400, "permanent"],
    [100, 400, "permanent"],
    [200, 403, "permanent"],
    [551, 400, "permanent"],
    [3, 400, "permanent"],
    [100, 503, "retry"],
  ])("code %i with HTTP %i is %s", (code, httpStatus, expected) => {
    expect(graphErrorFromResponse(httpStatus, meta(code)).errorClass).toBe(expected);
  });

  it("keeps Meta's details: subcode, type, trace id, user message", () => {
    const e = graphErrorFromResponse(
      400,
      meta(10, { error_subcode: 2534022, error_user_title: "Outside window", error_user_msg: "Too late" }),
    );
    expect(e).toBeInstanceOf(GraphError);
    expect(e.info).toMatchObject({
      code: 10,
      subcode: 2534022,
      type: "OAuthException",
      fbtraceId: "A1",
      userTitle: "Outside window",
    });
    expect(e.isOutsideWindow).toBe(true);
    expect(graphErrorFromResponse(400, meta(190, { error_subcode: 463 })).subcode).toBe(463);
  });

  it("reads the Instagram token endpoint's own error shape", () => {
    const e = graphErrorFromResponse(400, {
      error_type: "OAuthException",
      code: 400,
      error_message: "Invalid code",
    });
    expect(e.message).toBe("Invalid code");
    expect(e.info).toMatchObject({ code: 400, type: "OAuthException", httpStatus: 400 });
    expect(e.errorClass).toBe("permanent");
  });

  it("treats an unreadable 5xx as transient and an unreadable 4xx as permanent", () => {
    expect(graphErrorFromResponse(502, undefined).errorClass).toBe("retry");
    expect(graphErrorFromResponse(404, "<html>").errorClass).toBe("permanent");
  });

  it("honours is_transient", () => {
    expect(classifyGraphError({ httpStatus: 400, code: 9999, isTransient: true })).toBe("retry");
  });
});
