import { describe, expect, it } from "vitest";
import { cleanJson, cleanText, describeUnsafe, findUnsafeInput } from "./unsafe-input.ts";

const limits = { maxDepth: 4, maxString: 10, maxKey: 5 };

describe("unsafe input", () => {
  it("names the first value PostgreSQL cannot store", () => {
    expect(findUnsafeInput({ a: [{ b: "x\u0000" }] }, limits)).toEqual({
      path: ["a", 0, "b"],
      problem: "nul",
    });
    expect(findUnsafeInput({ a: "\udfff" }, limits)).toEqual({ path: ["a"], problem: "lone_surrogate" });
    expect(findUnsafeInput({ "k\u0000": 1 }, limits)).toEqual({ path: ["k\u0000"], problem: "nul" });
  });

  it("lets a well-formed surrogate pair (an emoji) through", () => {
    expect(findUnsafeInput({ a: "☕😀" }, limits)).toBeUndefined();
  });

  it("caps nesting without recursing, and lengths of values and keys", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const found = findUnsafeInput({ x: deep }, limits);
    expect(found).toMatchObject({ problem: "too_deep", path: ["x", 0, 0, 0] });
    expect(describeUnsafe(found as NonNullable<typeof found>)).toBe(
      "x.0.0.0: nested more than 4 levels deep",
    );
    expect(findUnsafeInput({ a: "x".repeat(11) }, limits)).toMatchObject({ problem: "too_long", limit: 10 });
    expect(findUnsafeInput({ longkey: 1 }, limits)).toMatchObject({ problem: "too_long", limit: 5 });
  });

  it("structurally only: text to be cleaned passes, a deep value or a long field behind it does not", () => {
    const options = { structuralOnly: true };
    expect(findUnsafeInput({ a: "x\u0000", "k\ud800": "\udfff" }, limits, options)).toBeUndefined();
    expect(findUnsafeInput({ a: "\u0000", b: "x".repeat(11) }, limits, options)).toMatchObject({
      path: ["b"],
      problem: "too_long",
    });
    expect(findUnsafeInput({ a: "\u0000", b: [[[[[1]]]]] }, limits, options)).toMatchObject({
      problem: "too_deep",
    });
  });

  it("cleans text: NUL removed, lone surrogates → U+FFFD, pairs kept", () => {
    expect(cleanText("a\u0000b\ud800c😀")).toBe("ab\ufffdc😀");
    const body = { text: "hi\u0000", "k\udc00": ["ok"] };
    expect(cleanJson(body)).toEqual({ value: { text: "hi", "k\ufffd": ["ok"] }, changed: true });
    const clean = { text: "fine" };
    expect(cleanJson(clean).value).toBe(clean);
  });
});
