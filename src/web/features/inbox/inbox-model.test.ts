import { describe, expect, it } from "vitest";
import type { Conversation, Message } from "../../../shared/api/inbox.ts";
import {
  composerState,
  formatLeft,
  matchesFilters,
  mergeConversations,
  threadOldestFirst,
  windowBadge,
} from "./inbox-model.ts";

const HOUR = 3_600_000;
const NOW = Date.parse("2026-01-10T12:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

function conversation(over: Partial<Conversation> = {}): Conversation {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    accountId: "acc",
    person: { igsid: "1789", username: "sam", name: "Sam" },
    lastMessageAt: iso(NOW - HOUR),
    preview: "hi",
    lastDirection: "in",
    unreadCount: 1,
    priority: false,
    assigneeId: null,
    tags: [],
    isLead: false,
    canReplyUntil: iso(NOW + 23 * HOUR),
    humanAgentUntil: iso(NOW + 6 * 24 * HOUR),
    bot: { state: "active", pausedUntil: null },
    ...over,
  };
}

describe("the window badge", () => {
  it("is green over 4 h, amber under, red when closed or never opened, with the time left", () => {
    expect(windowBadge(conversation(), NOW)).toEqual({ tone: "green", label: "23 h left" });
    expect(windowBadge(conversation({ canReplyUntil: iso(NOW + 3 * HOUR + 20 * 60_000) }), NOW)).toEqual({
      tone: "amber",
      label: "3 h 20 min left",
    });
    expect(windowBadge(conversation({ canReplyUntil: iso(NOW - 1) }), NOW)).toEqual({
      tone: "red",
      label: "Window closed",
    });
    expect(windowBadge(conversation({ canReplyUntil: null }), NOW).tone).toBe("red");
    expect(formatLeft(50 * HOUR)).toBe("2 d 2 h");
    expect(formatLeft(59_999)).toBe("0 min");
  });
});

describe("the composer", () => {
  const open = { humanAgentReplies: false, mayReply: true };
  it("counts UTF-8 bytes, not characters, against the 1000 limit", () => {
    const s = composerState(conversation(), "é".repeat(501), NOW, open);
    expect(s.bytes).toBe(1002);
    expect(s.tooLong).toBe(true);
    expect(s.disabledReason).toBeNull();
  });
  it("is disabled with the reason once the 24-hour window closed, unless human-agent replies are on", () => {
    const closed = conversation({ canReplyUntil: iso(NOW - HOUR) });
    expect(composerState(closed, "", NOW, open).disabledReason).toMatch(/24-hour window closed/);
    const human = composerState(closed, "", NOW, { ...open, humanAgentReplies: true });
    expect(human).toMatchObject({ disabledReason: null, humanAgent: true });
    const past7 = conversation({ canReplyUntil: iso(NOW - 7 * 24 * HOUR), humanAgentUntil: iso(NOW - HOUR) });
    expect(composerState(past7, "", NOW, { ...open, humanAgentReplies: true }).disabledReason).toMatch(
      /7-day human-agent window closed/,
    );
  });
  it("explains a reader's role and a person who never wrote", () => {
    expect(composerState(conversation(), "", NOW, { ...open, mayReply: false }).disabledReason).toMatch(
      /may read/,
    );
    expect(composerState(conversation({ canReplyUntil: null }), "", NOW, open).disabledReason).toMatch(
      /not written to you yet/,
    );
  });
});

describe("the live list", () => {
  it("merges streamed conversations over the listed ones, newest first, once each", () => {
    const a = conversation({ id: "a", lastMessageAt: iso(NOW - 3 * HOUR) });
    const b = conversation({ id: "b", lastMessageAt: iso(NOW - 2 * HOUR) });
    const aNewer = { ...a, lastMessageAt: iso(NOW), preview: "new DM" };
    const c = conversation({ id: "c", lastMessageAt: iso(NOW - HOUR) });
    const merged = mergeConversations(
      [b, a],
      new Map([
        ["a", aNewer],
        ["c", c],
      ]),
    );
    expect(merged.map((x) => [x.id, x.preview])).toEqual([
      ["a", "new DM"],
      ["c", "hi"],
      ["b", "hi"],
    ]);
  });
  it("keeps a filtered list filtered", () => {
    const c = conversation({ priority: false, assigneeId: "u1" });
    expect(matchesFilters(c, {}, "u1", NOW)).toBe(true);
    expect(matchesFilters(c, { priority: true }, "u1", NOW)).toBe(false);
    expect(matchesFilters(c, { assigned: "me" }, "u1", NOW)).toBe(true);
    expect(matchesFilters(c, { assigned: "me" }, "u2", NOW)).toBe(false);
    expect(matchesFilters(c, { windowOpen: true }, "u1", NOW + 24 * HOUR)).toBe(false);
    expect(matchesFilters(c, { q: "sam" }, "u1", NOW)).toBe(false);
  });
});

describe("the thread", () => {
  it("reads oldest first across pages without the duplicates of a refetch", () => {
    const m = (id: string, at: number) => ({ id, at: iso(at) }) as Message;
    const pages = [{ items: [m("3", NOW), m("2", NOW - 1)] }, { items: [m("2", NOW - 1), m("1", NOW - 2)] }];
    expect(threadOldestFirst(pages).map((x) => x.id)).toEqual(["1", "2", "3"]);
  });
});
