import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, uniqueEmail } from "../../../test/support/auth-helper.ts";
import { provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { type OidcServer, startOidcServer } from "../../../test/support/oidc-server.ts";
import { testConfig } from "../../../test/support/test-config.ts";
import { createLogger } from "../observability/logger.ts";
import { type Runtime, startRuntime } from "../runtime.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => c && !c.endsWith("="))
    .join("; ");
}

/** Google sign-in end to end against a local OpenID Connect server: the real redirect, state, callback and token exchange. */
describe("Google sign-in", () => {
  let backend: TestBackend;
  let runtime: Runtime;
  let oidc: OidcServer;
  let base: string;
  beforeAll(async () => {
    oidc = await startOidcServer();
    backend = await provisionBackend("pglite");
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const config = testConfig(backend, {
      PORT: String(port),
      APP_URL: base,
      GOOGLE_CLIENT_ID: oidc.clientId,
      GOOGLE_CLIENT_SECRET: oidc.clientSecret,
      GOOGLE_DISCOVERY_URL: oidc.discoveryUrl,
    });
    runtime = await startRuntime(config, ["web"], logger);
  });
  afterAll(async () => {
    await runtime?.stop();
    await backend?.dispose();
    await oidc?.close();
  });

  const start = () =>
    fetch(`${base}/api/auth/sign-in/social`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ provider: "google", callbackURL: "/" }),
    });

  async function roundTrip(tamperState = false) {
    const begun = await start();
    expect(begun.status).toBe(200);
    const { url } = (await begun.json()) as { url: string };
    expect(url.startsWith(`${oidc.issuer}/authorize`)).toBe(true);
    const stateCookie = cookiesOf(begun);
    const consent = await fetch(url, { redirect: "manual" });
    expect(consent.status).toBe(302);
    const callback = new URL(consent.headers.get("location") as string);
    expect(callback.pathname).toBe("/api/auth/callback/google");
    if (tamperState) callback.searchParams.set("state", "forged-state");
    return fetch(callback, { headers: { cookie: stateCookie }, redirect: "manual" });
  }

  it("is offered by /api/setup", async () => {
    expect(await (await fetch(`${base}/api/setup`)).json()).toMatchObject({ google: true, needsOwner: true });
  });

  it("cannot create the first (owner) account: that is email only", async () => {
    const done = await roundTrip();
    expect(
      done.headers.getSetCookie().some((c) => c.startsWith("better-auth.session_token=") && !/=;/.test(c)),
    ).toBe(false);
  });

  it("signs a new person in with their own workspace, checking state, PKCE and the id token", async () => {
    await signUp(base, base, { email: uniqueEmail("owner") });
    oidc.nextUser = { sub: "2002", email: uniqueEmail("google"), name: "Gina", email_verified: true };
    const done = await roundTrip();
    expect(done.status).toBe(302);
    const session = cookiesOf(done);
    expect(session).toContain("better-auth.session_token=");
    const token = oidc.log.filter((l) => l.path === "/token").at(-1);
    expect(token?.params.code_verifier).toBeTruthy();
    expect(token?.params.redirect_uri).toBe(`${base}/api/auth/callback/google`);
    const me = (await (await fetch(`${base}/api/me`, { headers: { cookie: session } })).json()) as {
      user: { email: string };
      role: string;
    };
    expect(me.user.email).toBe(oidc.nextUser.email);
    expect(me.role).toBe("owner");
  });

  it("refuses a callback whose state does not match", async () => {
    oidc.nextUser = { sub: "3003", email: uniqueEmail("forged"), name: "F", email_verified: true };
    const done = await roundTrip(true);
    expect(cookiesOf(done)).not.toContain("better-auth.session_token=");
    expect(done.headers.get("location") ?? "").toMatch(/error/);
  });
});
