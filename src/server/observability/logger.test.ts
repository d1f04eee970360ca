import { Writable } from "node:stream";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { MAX_FIELD_CHARS, MAX_LINE_BYTES } from "./log-limits.ts";
import { createLogger } from "./logger.ts";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ log: { level: "info", format: "json" }, version: "test" }, stream);
  return { logger, lines };
}

const message = `${"a person's private message ".repeat(40_000)}END`; // ~1 MB

describe("log lines are bounded", () => {
  it("logs a failed query without its parameters", () => {
    const { logger, lines } = capture();
    const cause = new Error('duplicate key value violates unique constraint "events_mid_key"');
    const err = new DrizzleQueryError(
      "insert into autodm.events (text, mid) values ($1, $2)",
      [message, "m1"],
      cause,
    );
    logger.error({ err, eventId: "e1" }, "event.store-failed");

    expect(lines).toHaveLength(1);
    const line = lines[0] as string;
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LINE_BYTES);
    expect(line).not.toContain("private message");
    const entry = JSON.parse(line);
    expect(entry.msg).toBe("event.store-failed");
    expect(entry.eventId).toBe("e1");
    expect(entry.err.message).toContain("Failed query: insert into autodm.events");
    expect(entry.err.message).toContain("params: [redacted]");
    expect(entry.err.message).toContain("duplicate key value");
    expect(entry.err.params).toBe("[redacted: 2 params]");
  });

  it("caps each field at ~2 KB and says how much was cut", () => {
    const { logger, lines } = capture();
    logger.warn({ body: "x".repeat(10_000) }, "big");
    logger.warn({ nested: { deeper: { text: "y".repeat(5_000) } } }, "big");
    const [first, second] = lines.map((l) => JSON.parse(l));
    expect(first.body.length).toBeLessThan(MAX_FIELD_CHARS + 40);
    expect(first.body).toMatch(/^x{2048}…\[\+7952 chars\]$/);
    expect(second.nested.deeper.text).toMatch(/^y{2048}…\[\+2952 chars\]$/);
  });

  it("caps the whole line at ~4 KB, keeping it one JSON line with the message", () => {
    const { logger, lines } = capture();
    const fields = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, "z".repeat(1_000)]));
    logger.child({ reqId: "r1" }).info(fields, "many.fields");
    expect(lines).toHaveLength(1);
    const line = lines[0] as string;
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LINE_BYTES);
    const entry = JSON.parse(line);
    expect(entry).toMatchObject({ msg: "many.fields", reqId: "r1", level: 30, app: "autodm" });
    expect(entry.truncated.bytes).toBeGreaterThan(20_000);
    expect(entry.f0).toBeUndefined();
  });

  it("caps a huge message text and deep or long structures", () => {
    const { logger, lines } = capture();
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 100; i++) deep = { d: deep };
    logger.info({ deep, list: Array.from({ length: 1_000 }, (_, i) => i) }, "m".repeat(1_000_000));
    const line = lines[0] as string;
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LINE_BYTES);
    expect(() => JSON.parse(line)).not.toThrow();
  });

  it("still redacts secrets and leaves small lines untouched", () => {
    const { logger, lines } = capture();
    logger.info({ token: "t0ps3cret", account: { accessToken: "abc" }, n: 1, at: new Date(0) }, "ok");
    const entry = JSON.parse(lines[0] as string);
    expect(entry).toMatchObject({
      token: "[redacted]",
      account: { accessToken: "[redacted]" },
      n: 1,
      at: "1970-01-01T00:00:00.000Z",
    });
    expect(lines[0]).not.toContain("t0ps3cret");
  });

  it("keeps the type and stack of an ordinary error", () => {
    const { logger, lines } = capture();
    logger.error({ err: new TypeError("boom") }, "failed");
    const entry = JSON.parse(lines[0] as string);
    expect(entry.err.type).toBe("TypeError");
    expect(entry.err.message).toBe("boom");
    expect(entry.err.stack).toContain("logger.test.ts");
  });
});
