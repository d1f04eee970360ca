import { describe, expect, it } from "vitest";
import { BackendFrames, FrontendFrames } from "./pg-wire-frames.ts";

function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header[0] = type.charCodeAt(0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

describe("pg wire frames", () => {
  it("cuts a client stream into startup and typed messages, across chunk boundaries", () => {
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8, 0);
    startup.writeInt32BE(196608, 4);
    const parse = message("P", Buffer.from("\u0000select 1\u0000\u0000\u0000"));
    const sync = message("S", Buffer.alloc(0));
    const stream = Buffer.concat([startup, parse, sync]);
    const frames = new FrontendFrames();
    const seen: string[] = [];
    for (let i = 0; i < stream.length; i += 3)
      for (const m of frames.feed(stream.subarray(i, i + 3)))
        seen.push(m.kind === "message" ? String.fromCharCode(m.type) : m.kind);
    expect(seen).toEqual(["startup", "P", "S"]);
  });

  it("answers an SSL request apart from the startup packet", () => {
    const ssl = Buffer.alloc(8);
    ssl.writeInt32BE(8, 0);
    ssl.writeInt32BE(80877103, 4);
    expect([...new FrontendFrames().feed(ssl)].map((m) => m.kind)).toEqual(["ssl-request"]);
  });

  it("knows the answer ended with ReadyForQuery and its transaction status, byte by byte", () => {
    const answer = Buffer.concat([
      message("1", Buffer.alloc(0)),
      message("D", Buffer.from([0, 1, 0, 0, 0, 1, 0x5a])),
      message("Z", Buffer.from("T")),
    ]);
    const frames = new BackendFrames();
    for (const byte of answer) frames.feed(Uint8Array.of(byte));
    expect(String.fromCharCode(frames.lastType, frames.lastReadyStatus)).toBe("ZT");
    frames.feed(message("n", Buffer.alloc(0)));
    expect(String.fromCharCode(frames.lastType)).toBe("n");
  });
});
