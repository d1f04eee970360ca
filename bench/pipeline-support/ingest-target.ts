import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import pino from "pino";
import { loadConfig } from "../../src/server/config.ts";
import { createLogger } from "../../src/server/observability/logger.ts";
import { type Runtime, startRuntime } from "../../src/server/runtime.ts";

/**
 * One server under load, in a process of its own so autocannon (in the parent) does not share
 * its event loop. Started by `fork` with one JSON argument; talks to the parent over IPC:
 *   → { type: "ready", url }      once it listens
 *   ← { type: "count" }           → { type: "count", stored, payloads } (autodm only)
 *   ← { type: "stop" }            stops cleanly and exits 0 (so --cpu-prof writes its file)
 */
export type TargetSpec =
  | { kind: "bare" }
  | { kind: "express" }
  | { kind: "autodm"; env: Record<string, string> };

export type TargetMessage =
  | { type: "ready"; url: string; pid: number }
  | { type: "count"; stored: number; payloads: number }
  | { type: "error"; message: string };

const LOG_FILE = "/dev/null";

function send(message: TargetMessage) {
  process.send?.(message);
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}`);
    });
  });
}

/** The floor: read the body, answer 200. */
function bareServer() {
  return http.createServer((req, res) => {
    req.on("data", () => {});
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("EVENT_RECEIVED");
    });
  });
}

/** The usual starter: parse JSON, log it, 200. No signature, no storage, no queue. */
function expressServer() {
  // pino writing to /dev/null through sonic-boom (asynchronous), as autodm's logger does.
  const log = pino({ level: "info" }, pino.destination({ dest: LOG_FILE, sync: false }));
  const app = express();
  app.use(express.json());
  app.post("/webhooks/instagram", (req, res) => {
    log.info({ body: req.body }, "webhook");
    res.status(200).send("EVENT_RECEIVED");
  });
  return http.createServer(app);
}

async function main() {
  const spec = JSON.parse(process.argv[2] ?? "{}") as TargetSpec;
  let runtime: Runtime | undefined;
  let server: http.Server | undefined;
  let url: string;
  if (spec.kind === "bare" || spec.kind === "express") {
    server = spec.kind === "bare" ? bareServer() : expressServer();
    url = await listen(server);
  } else {
    const config = loadConfig({ NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", ...spec.env });
    // Production's level (info: one line per accepted webhook), written to /dev/null.
    const logger = createLogger(
      { log: config.log, version: "bench" },
      pino.destination({ dest: LOG_FILE, sync: false }),
    );
    runtime = await startRuntime(config, ["web"], logger);
    url = runtime.url as string;
  }

  process.on("message", (raw) => {
    const message = raw as { type: string };
    if (message.type === "count" && runtime) {
      void runtime.database.pool
        .query<{ stored: string; payloads: string }>(
          `select (select count(*) from autodm.inbound_events)::text as stored,
                  (select count(*) from autodm.webhook_payloads)::text as payloads`,
        )
        .then(({ rows }) =>
          send({ type: "count", stored: Number(rows[0]?.stored), payloads: Number(rows[0]?.payloads) }),
        )
        .catch((err: unknown) => send({ type: "error", message: String(err) }));
    } else if (message.type === "stop") {
      void (async () => {
        if (runtime) await runtime.stop();
        if (server) {
          server.closeAllConnections();
          await new Promise((resolve) => server?.close(resolve));
        }
        process.exit(0);
      })();
    }
  });
  process.on("disconnect", () => process.exit(1));
  send({ type: "ready", url, pid: process.pid });
}

main().catch((err: unknown) => {
  send({ type: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
