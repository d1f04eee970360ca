import { type Config, loadConfig } from "../../src/server/config.ts";
import type { TestBackend } from "./backends.ts";

/** A fixed key for tests only (base64 of 32 bytes). */
export const TEST_TOKEN_KEY = Buffer.alloc(32, 7).toString("base64");
/** A fixed session-signing secret for tests only. */
export const TEST_AUTH_SECRET = "test-auth-secret-0123456789abcdef0123456789";

/** A Config for an in-process runtime on `backend`: random port, silent logs, fast stall checks. */
export function testConfig(backend: TestBackend, env: Record<string, string> = {}): Config {
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    DATABASE_URL: backend.databaseUrl,
    ...(backend.redisUrl ? { REDIS_URL: backend.redisUrl } : {}),
    QUEUE_PREFIX: backend.queuePrefix,
    JOB_LOCK_MS: "2000",
    SHUTDOWN_TIMEOUT_MS: "5000",
    TOKEN_ENCRYPTION_KEY: TEST_TOKEN_KEY,
    AUTH_SECRET: TEST_AUTH_SECRET,
    // Tests make many workspaces, each with its own owner; the policy tests set SIGNUP themselves.
    SIGNUP: "open",
    ...env,
  });
  return config;
}
