import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, isLoopbackHost, loadConfig } from "./config.ts";

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe(".env.example", () => {
  it("documents every variable config.ts reads, with its default", () => {
    const source = fs.readFileSync(new URL("./config.ts", import.meta.url), "utf8");
    const documented = fs.readFileSync(new URL("../../.env.example", import.meta.url), "utf8");
    const variables = [...source.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);
    expect(variables.length).toBeGreaterThan(20);
    expect(variables.filter((v) => !documented.includes(`# ${v}=`))).toEqual([]);
  });
});

describe("loadConfig", () => {
  it("defaults to the embedded database and queue with no environment at all", () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.queue.redisUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve("./data"));
    expect(config.http).toEqual({
      host: "127.0.0.1",
      port: 3000,
      appUrl: "http://localhost:3000",
      trustProxy: 0,
      checkResponses: false,
    });
    expect(config.migrateOnBoot).toBe(true);
    expect(config.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("reads production settings", () => {
    const config = loadConfig({
      DATABASE_URL: "postgresql://u:p@db:5432/autodm",
      REDIS_URL: "redis://cache:6379",
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
      AUTH_SECRET: "a".repeat(32),
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

  it("takes every Meta host and the Graph version from the environment", () => {
    const defaults = loadConfig({}).meta;
    expect(defaults).toMatchObject({
      graphVersion: "v24.0",
      instagramGraphUrl: "https://graph.instagram.com",
      facebookGraphUrl: "https://graph.facebook.com",
      instagramApiUrl: "https://api.instagram.com",
      instagramAuthorizeUrl: "https://www.instagram.com/oauth/authorize",
      facebookAuthorizeUrl: "https://www.facebook.com/v24.0/dialog/oauth",
      instagramApp: undefined,
      facebookApp: undefined,
    });
    const custom = loadConfig({
      META_GRAPH_VERSION: "v26.0",
      INSTAGRAM_GRAPH_URL: "http://127.0.0.1:9000/ig/",
      INSTAGRAM_APP_ID: "123",
      INSTAGRAM_APP_SECRET: "0123456789abcdef0123",
    });
    expect(custom.meta.instagramGraphUrl).toBe("http://127.0.0.1:9000/ig");
    expect(custom.meta.facebookAuthorizeUrl).toBe("https://www.facebook.com/v26.0/dialog/oauth");
    expect(custom.meta.instagramApp).toEqual({ id: "123", secret: "0123456789abcdef0123" });
  });

  it("turns the sandbox on by default only when no Meta app is configured", () => {
    expect(loadConfig({}).sandbox.enabled).toBe(true);
    expect(loadConfig({ META_APP_ID: "1", META_APP_SECRET: "0123456789abcdef0123" }).sandbox.enabled).toBe(
      false,
    );
    expect(
      loadConfig({ META_APP_ID: "1", META_APP_SECRET: "0123456789abcdef0123", SANDBOX: "on" }).sandbox
        .enabled,
    ).toBe(true);
    expect(loadConfig({ SANDBOX: "off" }).sandbox.enabled).toBe(false);
  });

  it("wants app ids and secrets in pairs, and a shared token key with an external database", () => {
    expect(problems({ INSTAGRAM_APP_ID: "42" })).toEqual([
      "INSTAGRAM_APP_SECRET: required together with INSTAGRAM_APP_ID",
    ]);
    expect(problems({ META_APP_SECRET: "0123456789abcdef0123" })).toEqual([
      "META_APP_ID: required together with META_APP_SECRET",
    ]);
    expect(problems({ DATABASE_URL: "postgresql://db/x" })).toEqual([
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY: required with DATABASE_URL/),
      expect.stringMatching(/^AUTH_SECRET: required with DATABASE_URL/),
    ]);
  });

  it("requires a metrics token only when HOST is not loopback", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) {
      expect(isLoopbackHost(host), host).toBe(true);
      expect(loadConfig({ HOST: host }).metricsTokenRequired, host).toBe(false);
    }
    for (const host of ["0.0.0.0", "::", "10.0.0.5", "autodm.example.com", "128.0.0.1"]) {
      expect(isLoopbackHost(host), host).toBe(false);
      expect(loadConfig({ HOST: host }).metricsTokenRequired, host).toBe(true);
    }
  });

  it("checks the API's answers against their schemas in tests only, unless told", () => {
    expect(loadConfig({ NODE_ENV: "test" }).http.checkResponses).toBe(true);
    expect(loadConfig({ NODE_ENV: "production" }).http.checkResponses).toBe(false);
    expect(loadConfig({ NODE_ENV: "test", CHECK_RESPONSES: "off" }).http.checkResponses).toBe(false);
    expect(loadConfig({ CHECK_RESPONSES: "on" }).http.checkResponses).toBe(true);
  });

  it("checks ranges", () => {
    expect(problems({ PORT: "70000" })[0]).toMatch(/at most 65535/);
    expect(problems({ WORKER_CONCURRENCY: "0" })[0]).toMatch(/at least 1/);
    expect(problems({ METRICS_TOKEN: "short" })[0]).toMatch(/at least 16 characters/);
  });
});
