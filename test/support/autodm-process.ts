import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { freePort } from "./backends.ts";
import type { Api } from "./burst.ts";
import { waitFor as waitForProbe } from "./wait-for.ts";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/autodm.js");

/** A real `autodm` child process, as an operator would run it. */
export interface AutodmProcess {
  readonly child: ChildProcess;
  /** stdout + stderr so far. */
  output(): string;
  /** Resolves with the URL once "ready at" is printed (web roles only). */
  ready(timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or the signal name). */
  exited(): Promise<number | string>;
  kill(signal: NodeJS.Signals): void;
}

/** A free port and the APP_URL on it: sign-in and cookie writes check that Origin. */
export async function listenEnv(): Promise<{ PORT: string; APP_URL: string }> {
  const port = await freePort();
  return { PORT: String(port), APP_URL: `http://127.0.0.1:${port}` };
}

export function spawnAutodm(args: string[], env: Record<string, string>): AutodmProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      PORT: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  const exit = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1));
  });
  return {
    child,
    output: () => out,
    async ready(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const match = out.match(/ready at (http:\/\/\S+)/);
        if (match?.[1]) return match[1];
        if (child.exitCode !== null) throw new Error(`autodm exited with ${child.exitCode}:\n${out}`);
        await sleep(50);
      }
      throw new Error(`autodm not ready after ${timeoutMs} ms:\n${out}`);
    },
    exited: () => exit,
    kill: (signal) => {
      child.kill(signal);
    },
  };
}

/** Polls `probe` (retrying its errors: the process may still be starting) until truthy. */
export function waitFor<T>(
  what: string,
  probe: () => Promise<T | false | undefined | null>,
  timeoutMs = 30_000,
) {
  return waitForProbe(what, probe, { timeoutMs, intervalMs: 100, retryErrors: true });
}

export interface DemoEffects {
  effects: number;
  executions: number;
  executedKeys: number;
}

/** The demo job API, as a workspace admin (`api` from burst.ts's authenticate). */
export async function demoEffects(api: Api): Promise<DemoEffects> {
  return api.json<DemoEffects>("GET", "/api/demo/effects");
}

export async function enqueueDemo(api: Api, body: Record<string, unknown>): Promise<void> {
  await api.json("POST", "/api/demo/jobs", body);
}
