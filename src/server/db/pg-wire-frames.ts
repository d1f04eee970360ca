/**
 * Framing of the PostgreSQL wire protocol (v3), just enough to cut a client's byte stream into
 * messages and to see how the server's answer ended.
 */

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

export type FrontendMessage =
  | { kind: "ssl-request" }
  | { kind: "cancel-request" }
  | { kind: "startup"; bytes: Buffer }
  | { kind: "message"; type: number; bytes: Buffer };

/** Sync, simple Query, Flush, CopyDone, CopyFail: the client then waits for an answer. */
export function isUnitEnd(type: number): boolean {
  return type === 0x53 || type === 0x51 || type === 0x48 || type === 0x63 || type === 0x66;
}

/** Client → server: untyped messages until the startup packet, typed ones after it. */
export class FrontendFrames {
  private buffer: Buffer = Buffer.alloc(0);
  private started = false;

  *feed(data: Buffer): Generator<FrontendMessage> {
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    for (;;) {
      if (!this.started) {
        if (this.buffer.length < 8) return;
        const length = this.buffer.readInt32BE(0);
        if (this.buffer.length < length) return;
        const code = this.buffer.readInt32BE(4);
        const bytes = this.take(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) yield { kind: "ssl-request" };
        else if (code === CANCEL_REQUEST) yield { kind: "cancel-request" };
        else {
          this.started = true;
          yield { kind: "startup", bytes };
        }
        continue;
      }
      if (this.buffer.length < 5) return;
      const length = 1 + this.buffer.readInt32BE(1);
      if (this.buffer.length < length) return;
      const type = this.buffer[0] as number;
      yield { kind: "message", type, bytes: this.take(length) };
    }
  }

  private take(n: number): Buffer {
    const bytes = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return bytes;
  }
}

/** Server → client: remembers the last complete message's type (and ReadyForQuery's status). */
export class BackendFrames {
  lastType = 0;
  /** 'I' idle, 'T' in a transaction, 'E' in a failed transaction. */
  lastReadyStatus = 0;
  private header = Buffer.alloc(5);
  private headerBytes = 0;
  private remaining = 0;
  private type = 0;
  private bodyStart = false;

  feed(chunk: Uint8Array) {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining === 0) {
        this.header[this.headerBytes++] = chunk[i++] as number;
        if (this.headerBytes < 5) continue;
        this.headerBytes = 0;
        this.type = this.header[0] as number;
        this.remaining = this.header.readInt32BE(1) - 4;
        this.bodyStart = true;
        if (this.remaining === 0) this.lastType = this.type;
        continue;
      }
      if (this.bodyStart && this.type === 0x5a) this.lastReadyStatus = chunk[i] as number;
      this.bodyStart = false;
      const n = Math.min(this.remaining, chunk.length - i);
      i += n;
      this.remaining -= n;
      if (this.remaining === 0) this.lastType = this.type;
    }
  }
}
