import { createLogger } from "../../src/server/observability/logger.ts";
import { type Runtime, startRuntime } from "../../src/server/runtime.ts";
import { freePort, provisionBackend, type TestBackend } from "../../test/support/backends.ts";
import { testConfig } from "../../test/support/test-config.ts";

const logger = createLogger({
  log: { level: process.env.TEST_LOG_LEVEL ?? "silent", format: "json" },
  version: "e2e",
});

export interface E2eApp {
  /** The app's origin, e.g. http://127.0.0.1:41234 (the same string as APP_URL). */
  url: string;
  runtime: Runtime;
  stop(): Promise<void>;
}

/**
 * The real autodm runtime (web + worker, the built-in sandbox, sign-in required) on a fresh
 * embedded database, serving the dashboard that vitest's global setup built.
 */
export async function startE2eApp(env: Record<string, string> = {}): Promise<E2eApp> {
  const backend: TestBackend = await provisionBackend("pglite");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const runtime = await startRuntime(
    testConfig(backend, { PORT: String(port), APP_URL: url, SANDBOX: "on", ...env }),
    ["web", "worker"],
    logger,
  );
  return {
    url,
    runtime,
    stop: async () => {
      await runtime.stop();
      await backend.dispose();
    },
  };
}
