import { readForm } from "../../test/support/test-browser.ts";

/**
 * The dashboard user's side, over HTTP: a signed-in session (when the app has sign-in) and the
 * sandbox account's OAuth connect flow, followed the way a browser follows it.
 */
export interface Session {
  /** Headers for an authenticated JSON request to the app. */
  headers(extra?: Record<string, string>): Record<string, string>;
}

function mergeCookies(previous: string, res: Response): string {
  const jar = new Map(
    previous
      .split(/;\s*/)
      .filter(Boolean)
      .map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)] as const),
  );
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    if (!pair || pair.indexOf("=") < 0) continue;
    jar.set(pair.slice(0, pair.indexOf("=")).trim(), pair.slice(pair.indexOf("=") + 1).trim());
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

/** Signs up the workspace's first owner; an app without sign-in gets an anonymous session. */
export async function signUpOwner(base: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({
      email: `bench-${Date.now().toString(36)}@example.test`,
      password: "correct horse battery staple",
      name: "bench",
    }),
  });
  if (res.status === 404)
    return { headers: (extra = {}) => ({ "content-type": "application/json", ...extra }) };
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const cookie = mergeCookies("", res);
  return {
    headers: (extra = {}) => ({ cookie, origin: base, "content-type": "application/json", ...extra }),
  };
}

/** Connects the sandbox's account `accountId` through the OAuth dialog, as a browser would. */
export async function connectSandboxAccount(
  base: string,
  session: Session,
  accountId: string,
  /** "sandbox": the built-in one; "instagram": Instagram Login pointed at a sandbox elsewhere. */
  method: "sandbox" | "instagram" = "sandbox",
) {
  const jar = new Map<string, string>(); // host → cookies
  const appHost = new URL(base).host;
  const initial = session.headers().cookie;
  if (initial) jar.set(appHost, initial);
  const request = async (url: string, init: { method?: string; form?: Record<string, string> } = {}) => {
    const host = new URL(url).host;
    const headers: Record<string, string> = { cookie: jar.get(host) ?? "" };
    if (host === appHost) headers.origin = base;
    let body: string | undefined;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, { method: init.method ?? "GET", headers, body, redirect: "manual" });
    jar.set(host, mergeCookies(jar.get(host) ?? "", res));
    const location = res.headers.get("location");
    return {
      url,
      status: res.status,
      location: location ? new URL(location, url).toString() : null,
      text: await res.text(),
    };
  };
  const follow = async (page: Awaited<ReturnType<typeof request>>) => {
    for (let i = 0; i < 6 && page.location && page.status >= 300 && page.status < 400; i++) {
      page = await request(page.location.split("#")[0] as string);
    }
    return page;
  };
  const start = await request(`${base}/api/instagram/connect/${method}/start`);
  if (!start.location) throw new Error(`connect start: ${start.status} ${start.text.slice(0, 200)}`);
  const dialog = await follow(await request(start.location.split("#")[0] as string));
  const form = readForm(dialog.text, dialog.url);
  const done = await follow(
    await request(form.action, {
      method: form.method,
      form: { ...form.fields, choice: accountId, decision: "allow" },
    }),
  );
  if (!done.text.includes("is connected")) throw new Error(`connect failed: ${done.text.slice(0, 300)}`);
}
