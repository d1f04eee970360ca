import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("defaults to the embedded database and queue with no environment at all", () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.queue.redisUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve("./data"));
    expect(config.http).toEqual({ host: "127.0.0.1", port: 3000, appUrl: "http://localhost:3000" });
    expect(config.migrateOnBoot).toBe(true);
    expect(config.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("reads production settings", () => {
    const config = loadConfig({
      DATABASE_URL: "postgresql://u:p@db:5432/autodm",
      REDIS_URL: "redis://cache:6379",
      PORT: "8080",
      APP_URL: "https://dm.example.org/",
      WORKER_CONCURRENCY: "25",
      MIGRATE_ON_BOOT: "off",
    });
    expect(config.databaseUrl).toBe("postgresql://u:p@db:5432/autodm");
    expect(config.queue.redisUrl).toBe("redis://cache:6379");
    expect(config.http.appUrl).toBe("https://dm.example.org");
    expect(config.queue.concurrency).toBe(25);
    expect(config.migrateOnBoot).toBe(false);
  });

  it("treats empty values as unset, as a .env file with blank lines means", () => {
    expect(loadConfig({ DATABASE_URL: "", PORT: "" }).http.port).toBe(3000);
  });

  it("names every bad variable and what it expects, in one error", () => {
    const found = problems({
      PORT: "eighty",
      DATABASE_URL: "mysql://x",
      LOG_LEVEL: "loud",
      MIGRATE_ON_BOOT: "maybe",
    });
    expect(found).toHaveLength(4);
    expect(found.find((p) => p.startsWith("PORT:"))).toMatch(/expected a number.*"eighty"/);
    expect(found.find((p) => p.startsWith("DATABASE_URL:"))).toMatch(/postgres:\/\/ or postgresql:\/\//);
    expect(found.find((p) => p.startsWith("LOG_LEVEL:"))).toMatch(/info/);
    expect(found.find((p) => p.startsWith("MIGRATE_ON_BOOT:"))).toMatch(/true\/false/);
  });

  it("never echoes the value of a URL or secret variable in its error", () => {
    const [problem] = problems({ DATABASE_URL: "not a url with password hunter2" });
    expect(problem).not.toContain("hunter2");
  });

  it("checks ranges", () => {
    expect(problems({ PORT: "70000" })[0]).toMatch(/at most 65535/);
    expect(problems({ WORKER_CONCURRENCY: "0" })[0]).toMatch(/at least 1/);
    expect(problems({ METRICS_TOKEN: "short" })[0]).toMatch(/at least 16 characters/);
  });
});
