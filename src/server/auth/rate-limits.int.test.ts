import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, uniqueEmail } from "../../../test/support/auth-helper.ts";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { testConfig } from "../../../test/support/test-config.ts";
import { createLogger } from "../observability/logger.ts";
import { type Runtime, startRuntime } from "../runtime.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });
const PER_IP = 5;
const FREE_FAILURES = 3;
const WINDOW_SECONDS = 600;

/** A client address of its own: better-auth's per-IP counters are shared by every runtime here. */
const freshIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(availableBackends())("auth rate limits over HTTP on %s", (backendName) => {
  let backend: TestBackend;
  let runtime: Runtime;
  let base: string;
  let origin: string;
  const owner = uniqueEmail("owner");

  /** POST to better-auth as if from `ip`, as a reverse proxy (TRUST_PROXY=1) reports it. */
  const post = async (path: string, ip: string, body: unknown) => {
    const res = await fetch(`${base}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin, "x-forwarded-for": ip },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    return { status: res.status, retryAfter: Number(res.headers.get("retry-after") ?? Number.NaN) };
  };
  const signIn = (ip: string, email: string, password: string) =>
    post("/sign-in/email", ip, { email, password });

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    const config = testConfig(backend, {
      TRUST_PROXY: "1",
      SIGNIN_MAX_PER_IP: String(PER_IP),
      SIGNIN_MAX_PER_EMAIL: String(FREE_FAILURES),
      SIGNIN_WINDOW_SECONDS: String(WINDOW_SECONDS),
    });
    runtime = await startRuntime(config, ["web"], logger);
    base = runtime.url as string;
    origin = config.http.appUrl;
    expect(
      (await post("/sign-up/email", freshIp(), { email: owner, password: TEST_PASSWORD, name: "o" })).status,
    ).toBe(200);
  });
  afterAll(async () => {
    await runtime?.stop();
    await backend?.dispose();
  });

  it("locks the guessing address out, not the owner signing in from elsewhere", async () => {
    const attacker = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < PER_IP; i++)
      statuses.push((await signIn(attacker, uniqueEmail("guess"), "wrong!!")).status);
    expect(statuses).toEqual(Array(PER_IP).fill(401));
    const locked = await signIn(attacker, owner, TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.retryAfter).toBeGreaterThan(WINDOW_SECONDS - 30);
    expect((await signIn(freshIp(), owner, TEST_PASSWORD)).status).toBe(200);
  });

  it("five wrong passwords slow the owner for seconds (a doubling delay), never a 10-minute lock", async () => {
    // A persistent attacker from many addresses, waiting out each delay it is told.
    let wrong = 0;
    while (wrong < 5) {
      const res = await signIn(freshIp(), owner, "wrong password!!");
      if (res.status === 401) wrong++;
      else {
        expect(res.status).toBe(429);
        expect(res.retryAfter).toBeLessThanOrEqual(4);
        await sleep(res.retryAfter * 1000);
      }
    }
    const started = Date.now();
    let res = await signIn(freshIp(), owner, TEST_PASSWORD);
    if (res.status === 429) {
      expect(res.retryAfter).toBeLessThanOrEqual(4); // 2 wrong past the free 3: 1 s, then 2 s
      await sleep(res.retryAfter * 1000);
      res = await signIn(freshIp(), owner, TEST_PASSWORD);
    }
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(10_000);
    // The right password cleared the delay.
    expect((await signIn(freshIp(), owner, "wrong again!!")).status).toBe(401);
  });

  it("answers 429 with Retry-After on sign-up, password reset and invitation acceptance", async () => {
    const cases: [string, () => unknown][] = [
      ["/sign-up/email", () => ({ email: uniqueEmail("new"), password: TEST_PASSWORD, name: "n" })],
      ["/request-password-reset", () => ({ email: owner, redirectTo: "/" })],
      ["/organization/accept-invitation", () => ({ invitationId: "no-such-invitation" })],
    ];
    for (const [path, body] of cases) {
      const ip = freshIp();
      for (let i = 0; i < PER_IP; i++) expect((await post(path, ip, body())).status, path).not.toBe(429);
      const limited = await post(path, ip, body());
      expect(limited.status, path).toBe(429);
      expect(limited.retryAfter, path).toBeGreaterThan(0);
      expect((await post(path, freshIp(), body())).status, `${path} from another address`).not.toBe(429);
    }
  });

  it("ignores X-Forwarded-For when TRUST_PROXY is unset: a spoofed header does not dodge the limit", async () => {
    const other = await provisionBackend(backendName);
    const plainConfig = testConfig(other, {
      SIGNIN_MAX_PER_IP: String(PER_IP),
      SIGNIN_WINDOW_SECONDS: String(WINDOW_SECONDS),
    });
    const plain = await startRuntime(plainConfig, ["web"], logger);
    try {
      // Every request comes from the socket address 127.0.0.1, whatever the header says; other
      // tests may have used that address already, so count until the limit answers.
      const statuses: number[] = [];
      for (let i = 0; i <= PER_IP; i++) {
        const res = await fetch(`${plain.url}/api/auth/request-password-reset`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin: plainConfig.http.appUrl,
            "x-forwarded-for": freshIp(),
          },
          body: JSON.stringify({ email: owner, redirectTo: "/" }),
        });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      expect(statuses).toContain(429);
    } finally {
      await plain.stop();
      await other.dispose();
    }
  });
});
