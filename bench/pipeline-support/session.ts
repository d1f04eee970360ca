import { signUp, type TestSession } from "../../test/support/auth-helper.ts";
import { TestBrowser } from "../../test/support/test-browser.ts";

/**
 * The dashboard user's side, over HTTP: the workspace owner's session, and the OAuth connect
 * flow of a sandbox account, followed the way a browser follows it.
 */
export type Session = Pick<TestSession, "headers" | "cookie">;

/** Signs up the workspace's first owner. */
export function signUpOwner(base: string): Promise<Session> {
  return signUp(base, base, { name: "bench" });
}

/** Connects the sandbox's account `accountId` through the OAuth dialog, as a browser would. */
export async function connectSandboxAccount(
  base: string,
  session: Session,
  accountId: string,
  /** "sandbox": the built-in one; "instagram": Instagram Login pointed at a sandbox elsewhere. */
  method: "sandbox" | "instagram" = "sandbox",
) {
  const browser = new TestBrowser().withCookies(base, session.cookie);
  const start = await browser.request(`${base}/api/instagram/connect/${method}/start`);
  if (!start.location) throw new Error(`connect start: ${start.status} ${start.text.slice(0, 200)}`);
  const done = await browser.submit(await browser.visit(start.location), {
    choice: accountId,
    decision: "allow",
  });
  if (!done.text.includes("is connected")) throw new Error(`connect failed: ${done.text.slice(0, 300)}`);
}
