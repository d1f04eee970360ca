import pino, { type Logger } from "pino";
import type { Config } from "../config.ts";
import { capLogFields, capLogLine, serializeLogError } from "./log-limits.ts";

export type { Logger };

/**
 * Paths that must never reach a log line, at any depth we use. Tokens, secrets and message
 * bodies are redacted; the key names cover headers, query strings and our own objects.
 */
export const REDACTED_PATHS = [
  "password",
  "token",
  "accessToken",
  "access_token",
  "refreshToken",
  "secret",
  "apiKey",
  "authorization",
  "cookie",
  "databaseUrl",
  "redisUrl",
  "*.password",
  "*.token",
  "*.accessToken",
  "*.access_token",
  "*.refreshToken",
  "*.secret",
  "*.apiKey",
  "*.authorization",
  "*.cookie",
  "*.databaseUrl",
  "*.redisUrl",
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-hub-signature-256"]',
  'res.headers["set-cookie"]',
];

export function createLogger(
  config: Pick<Config, "log" | "version">,
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level: config.log.level,
    base: { app: "autodm", version: config.version },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Bounded lines: each field ≤ 2 KB, errors without query parameters, each line ≤ 4 KB.
    formatters: { log: capLogFields },
    serializers: { err: serializeLogError },
    hooks: { streamWrite: capLogLine },
  };
  if (destination) return pino(options, destination);
  if (config.log.format === "pretty") {
    return pino({
      ...options,
      transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss.l" } },
    });
  }
  return pino(options);
}
