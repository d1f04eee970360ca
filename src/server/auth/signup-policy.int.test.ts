import { describe, expect, it } from "vitest";
import { acceptInvitation, invite, signUp, uniqueEmail } from "../../../test/support/auth-helper.ts";
import { availableBackends, provisionBackend } from "../../../test/support/backends.ts";
import { testConfig } from "../../../test/support/test-config.ts";
import { createLogger } from "../observability/logger.ts";
import { startRuntime } from "../runtime.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });

/** Boots the web role with `env` on a fresh database, runs `fn`, cleans up. */
async function withServer(
  backendName: Parameters<typeof provisionBackend>[0],
  env: Record<string, string>,
  fn: (base: string, origin: string) => Promise<void>,
) {
  const backend = await provisionBackend(backendName);
  // better-auth's per-IP counters live in one module-wide map, shared by every runtime here.
  const config = testConfig(backend, { SIGNIN_MAX_PER_IP: "100000", ...env });
  const runtime = await startRuntime(config, ["web"], logger);
  try {
    await fn(runtime.url as string, config.http.appUrl);
  } finally {
    await runtime.stop();
    await backend.dispose();
  }
}

const setup = async (base: string) =>
  (await (await fetch(`${base}/api/setup`)).json()) as { needsOwner: boolean; signup: string };

const signUpStatus = (base: string, origin: string, email = uniqueEmail("stranger"), invitationId?: string) =>
  signUp(base, origin, { email, ...(invitationId ? { invitationId } : {}) }).then(
    () => 200,
    (err: Error) => Number(/sign-up failed: (\d+)/.exec(err.message)?.[1]),
  );

describe.each(availableBackends())("sign-up policy over HTTP on %s", (backendName) => {
  it("is invite by default: a stranger is refused, an invitation's link signs its address up", async () => {
    // No SIGNUP given: the default, not the tests' "open".
    await withServer(backendName, { SIGNUP: "" }, async (base, origin) => {
      expect(await setup(base)).toMatchObject({ needsOwner: true, signup: "invite" });
      const owner = await signUp(base, origin, { email: uniqueEmail("owner") });
      expect(await setup(base)).toEqual(expect.objectContaining({ needsOwner: false, signup: "invite" }));
      expect(await signUpStatus(base, origin)).toBe(403);

      const email = uniqueEmail("invited");
      const id = await invite(base, owner, email, "viewer");
      const otherId = await invite(base, owner, uniqueEmail("invited-too"), "viewer");
      expect(await signUpStatus(base, origin, uniqueEmail("other"), id)).toBe(403); // not the invited address
      // Knowing (or guessing) an invited address is not enough: the invitation's id must come
      // with it, and be that address's, still pending.
      expect(await signUpStatus(base, origin, email)).toBe(403);
      expect(await signUpStatus(base, origin, email, "no-such-invitation")).toBe(403);
      expect(await signUpStatus(base, origin, email, otherId)).toBe(403);
      const member = await signUp(base, origin, { email, invitationId: id });
      await acceptInvitation(base, member, id);
      const me = (await (await fetch(`${base}/api/me`, { headers: member.headers() })).json()) as {
        role: string;
      };
      expect(me.role).toBe("viewer");
    });
  });

  it("closed: after the owner, nobody signs up, not even an invited address", async () => {
    await withServer(backendName, { SIGNUP: "closed" }, async (base, origin) => {
      expect(await setup(base)).toMatchObject({ needsOwner: true, signup: "closed" });
      const owner = await signUp(base, origin, { email: uniqueEmail("owner") });
      expect(await setup(base)).toMatchObject({ needsOwner: false, signup: "closed" });
      const email = uniqueEmail("invited");
      const id = await invite(base, owner, email, "viewer");
      expect(await signUpStatus(base, origin, email, id)).toBe(403);
      expect(await signUpStatus(base, origin)).toBe(403);
    });
  });

  it("open: anyone may sign up and gets a workspace of their own", async () => {
    await withServer(backendName, { SIGNUP: "open" }, async (base, origin) => {
      await signUp(base, origin, { email: uniqueEmail("owner") });
      expect(await setup(base)).toMatchObject({ needsOwner: false, signup: "open" });
      const stranger = await signUp(base, origin, { email: uniqueEmail("stranger") });
      const me = (await (await fetch(`${base}/api/me`, { headers: stranger.headers() })).json()) as {
        role: string;
      };
      expect(me.role).toBe("owner");
    });
  });
});
