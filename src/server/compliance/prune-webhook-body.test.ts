import { describe, expect, it } from "vitest";
import { pruneWebhookBody } from "./prune-webhook-body.ts";

const dm = (from: string, text: string) => ({
  sender: { id: from },
  recipient: { id: "17841400000000000" },
  timestamp: 1,
  message: { mid: `m_${from}`, text },
});

describe("pruneWebhookBody", () => {
  it("takes the person's messaging events out and keeps the others'", () => {
    const body = {
      object: "instagram",
      entry: [{ id: "17841400000000000", time: 1, messaging: [dm("111", "mine"), dm("222", "theirs")] }],
    };
    expect(pruneWebhookBody(body, "111")).toEqual({
      object: "instagram",
      entry: [{ id: "17841400000000000", time: 1, messaging: [dm("222", "theirs")] }],
    });
  });

  it("takes their comments out of changes", () => {
    const comment = (from: string) => ({
      field: "comments",
      value: { id: `c_${from}`, from: { id: from }, text: "hi" },
    });
    const body = { object: "instagram", entry: [{ id: "acc", changes: [comment("111"), comment("333")] }] };
    expect(pruneWebhookBody(body, "111")).toEqual({
      object: "instagram",
      entry: [{ id: "acc", changes: [comment("333")] }],
    });
  });

  it("gives up (undefined) when the id is somewhere it does not know", () => {
    expect(
      pruneWebhookBody({ object: "instagram", entry: [{ id: "111", messaging: [] }] }, "111"),
    ).toBeUndefined();
    expect(pruneWebhookBody({ note: "111" }, "111")).toBeUndefined();
  });

  it("does not match a longer id that contains it", () => {
    const body = { object: "instagram", entry: [{ id: "acc", messaging: [dm("1111", "other person")] }] };
    expect(pruneWebhookBody(body, "111")).toEqual(body);
  });
});
