import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sandboxAppSecret } from "../../src/server/instagram/meta-endpoints.ts";
import { loadKeyRing } from "../../src/server/security/encryption-keys.ts";
import { provisionBackend, type Services } from "../support/backends.ts";
import type { TargetMessage, TargetSpec } from "./ingest-target.ts";

export type TargetName = "bare" | "express" | "embedded" | "postgres" | "postgres-redis";
export const TARGETS: readonly TargetName[] = ["bare", "express", "embedded", "postgres", "postgres-redis"];

export const TARGET_LABELS: Record<TargetName, string> = {
  bare: "bare node:http → 200",
  express: "naive Express 5 (json + log + 200)",
  embedded: "autodm web, embedded (PGlite + BullMQ-Postgres)",
  postgres: "autodm web, PostgreSQL (BullMQ-Postgres)",
  "postgres-redis": "autodm web, PostgreSQL + Redis",
};

const TARGET_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), "ingest-target.ts");

export interface RunningTarget {
  name: TargetName;
  url: string;
  pid: number;
  /** Only for autodm: the app secret the sandbox signs with, derived from the configured key. */
  secret: string;
  /** autodm on PostgreSQL: its database's name (for the server-side CPU); and its Redis. */
  databaseName?: string;
  redisUrl?: string;
  /** autodm: rows in autodm.inbound_events / webhook_payloads; others: null. */
  count(): Promise<{ stored: number; payloads: number } | null>;
  stop(): Promise<void>;
}

/** Starts one server in a child process; `dispose` removes what was provisioned for it. */
export async function startTarget(
  name: TargetName,
  services: Services,
  opts: { cpuProfDir?: string; onCleanup: (what: string, fn: () => Promise<unknown>) => void },
): Promise<RunningTarget> {
  let spec: TargetSpec;
  let secret = "unused";
  let env: Record<string, string> = {};
  if (name === "bare" || name === "express") {
    spec = { kind: name };
  } else {
    const backend = name === "embedded" ? "pglite" : name === "postgres" ? "postgres" : "redis";
    const provisioned = await provisionBackend(backend, services);
    opts.onCleanup(`${name}: drop its database / folder / Redis keys`, () => provisioned.dispose());
    env = {
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      ...provisioned.env,
      SANDBOX: "on",
      // Required with DATABASE_URL (sessions signed alike by every process); unused here.
      ...(provisioned.env.DATABASE_URL ? { AUTH_SECRET: randomBytes(32).toString("base64") } : {}),
    };
    // With TOKEN_ENCRYPTION_KEY set the folder is not read; embedded mode has its own.
    const ring = loadKeyRing({
      tokenEncryptionKey: env.TOKEN_ENCRYPTION_KEY,
      dataDir: env.DATA_DIR ?? "./data",
    });
    secret = sandboxAppSecret(ring);
    spec = { kind: "autodm", env };
  }

  const execArgv = ["--import", "tsx"];
  if (opts.cpuProfDir) execArgv.push("--cpu-prof", "--cpu-prof-dir", opts.cpuProfDir);
  const child: ChildProcess = fork(TARGET_SCRIPT, [JSON.stringify(spec)], {
    execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let exited = false;
  const exit = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      exited = true;
      resolve(code);
    }),
  );
  const stop = async () => {
    if (exited) return;
    child.send({ type: "stop" });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await exit;
    clearTimeout(timer);
  };
  opts.onCleanup(`${name}: stop its server process`, stop);

  const ready = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: not ready after 120 s`)), 120_000);
    child.on("message", function onMessage(raw) {
      const m = raw as TargetMessage;
      if (m.type === "ready") {
        clearTimeout(timer);
        child.off("message", onMessage);
        resolve(m);
      } else if (m.type === "error") {
        clearTimeout(timer);
        reject(new Error(`${name}: ${m.message}`));
      }
    });
    void exit.then((code) => reject(new Error(`${name}: server exited with ${code} before it was ready`)));
  });

  return {
    name,
    url: ready.url,
    pid: ready.pid,
    secret,
    ...(env.DATABASE_URL ? { databaseName: new URL(env.DATABASE_URL).pathname.slice(1) } : {}),
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    count: () => {
      if (spec.kind !== "autodm") return Promise.resolve(null);
      return new Promise((resolve, reject) => {
        child.on("message", function onMessage(raw) {
          const m = raw as TargetMessage;
          if (m.type === "count") {
            child.off("message", onMessage);
            resolve({ stored: m.stored, payloads: m.payloads });
          } else if (m.type === "error") {
            child.off("message", onMessage);
            reject(new Error(m.message));
          }
        });
        child.send({ type: "count" });
      });
    },
    stop,
  };
}
