import fs from "node:fs";
import { sandboxAppSecret } from "../../../src/server/instagram/meta-endpoints.ts";
import { loadKeyRing } from "../../../src/server/security/encryption-keys.ts";
import { type AutodmProcess, spawnAutodm } from "../../support/autodm-process.ts";
import { freePort, freshPgliteDir } from "../../support/backends.ts";
import { TEST_TOKEN_KEY } from "../../support/test-config.ts";

/** The secret the built-in sandbox signs its webhooks with (what autodm accepts), for TEST_TOKEN_KEY. */
export function webhookSecret(): string {
  return sandboxAppSecret(loadKeyRing({ tokenEncryptionKey: TEST_TOKEN_KEY, dataDir: "unused" }));
}

export const alive = (p: AutodmProcess) => p.child.exitCode === null && p.child.signalCode === null;

/**
 * One `autodm start` (web + worker + its built-in sandbox, embedded PGlite) on a folder and a
 * port that survive restarts: what a user runs on a laptop or a small server.
 */
export class EmbeddedAutodm {
  readonly processes: AutodmProcess[] = [];
  private constructor(
    readonly env: Record<string, string>,
    readonly base: string,
    private readonly dir: string,
  ) {}

  static async start(extraEnv: Record<string, string> = {}): Promise<EmbeddedAutodm> {
    const dir = freshPgliteDir();
    const port = await freePort();
    const env = {
      DATA_DIR: dir,
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      TOKEN_ENCRYPTION_KEY: TEST_TOKEN_KEY,
      JOB_LOCK_MS: "2000",
      WORKER_CONCURRENCY: "20",
      ...extraEnv,
    };
    const autodm = new EmbeddedAutodm(env, `http://127.0.0.1:${port}`, dir);
    await autodm.spawn();
    return autodm;
  }

  /** The running process (the last one spawned). */
  get current(): AutodmProcess {
    return this.processes[this.processes.length - 1] as AutodmProcess;
  }

  async spawn(): Promise<void> {
    const p = spawnAutodm(["start"], this.env);
    this.processes.push(p);
    const url = await p.ready(120_000);
    if (url !== this.base) throw new Error(`autodm came up at ${url}, expected ${this.base}`);
  }

  /** SIGKILL, then the same folder and port again. */
  async killAndRestart(): Promise<void> {
    const p = this.current;
    p.kill("SIGKILL");
    const how = await p.exited();
    if (how !== "SIGKILL") throw new Error(`autodm exited with ${how} before the kill`);
    await this.spawn();
  }

  async stop(): Promise<void> {
    for (const p of this.processes) {
      if (alive(p)) {
        p.kill("SIGTERM");
        const timer = setTimeout(() => p.kill("SIGKILL"), 20_000);
        await p.exited();
        clearTimeout(timer);
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
