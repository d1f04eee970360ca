import { randomBytes } from "node:crypto";

/**
 * Signs people up and in over HTTP (better-auth at /api/auth), for tests that call the API.
 * `origin` is the app's APP_URL: cookie-authenticated writes must carry it (CSRF checks).
 */
export interface TestSession {
  email: string;
  password: string;
  cookie: string;
  origin: string;
  /** Headers for an authenticated JSON request. */
  headers(extra?: Record<string, string>): Record<string, string>;
}

export const TEST_PASSWORD = "correct horse battery staple";

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}@example.test`;
}

function cookieFrom(res: Response, previous = ""): string {
  const jar = new Map(
    previous
      .split(/;\s*/)
      .filter(Boolean)
      .map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)] as const),
  );
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    if (!pair) continue;
    const name = pair.slice(0, pair.indexOf("="));
    const value = pair.slice(pair.indexOf("=") + 1);
    if (value === "" || /max-age=0/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

function session(email: string, password: string, cookie: string, origin: string): TestSession {
  const s: TestSession = {
    email,
    password,
    cookie,
    origin,
    headers: (extra = {}) => ({ cookie: s.cookie, origin, "content-type": "application/json", ...extra }),
  };
  return s;
}

async function post(url: string, origin: string, body: unknown, cookie?: string) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", origin, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

export async function signUp(
  baseUrl: string,
  origin: string,
  options: { email?: string; password?: string; name?: string; invitationId?: string } = {},
): Promise<TestSession> {
  const email = options.email ?? uniqueEmail();
  const password = options.password ?? TEST_PASSWORD;
  const res = await post(`${baseUrl}/api/auth/sign-up/email`, origin, {
    email,
    password,
    name: options.name ?? email.split("@")[0],
    ...(options.invitationId ? { invitationId: options.invitationId } : {}),
  });
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  return session(email, password, cookieFrom(res), origin);
}

export async function signIn(
  baseUrl: string,
  origin: string,
  email: string,
  password = TEST_PASSWORD,
): Promise<TestSession> {
  const res = await post(`${baseUrl}/api/auth/sign-in/email`, origin, { email, password });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return session(email, password, cookieFrom(res), origin);
}

/** Creates an API key with `role` in the session's workspace; returns the key (shown once). */
export async function createApiKey(baseUrl: string, s: TestSession, role = "owner"): Promise<string> {
  const res = await fetch(`${baseUrl}/api/api-keys`, {
    method: "POST",
    headers: s.headers(),
    body: JSON.stringify({ name: `test ${role}`, role }),
  });
  if (res.status !== 201) throw new Error(`API key creation failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { key: string }).key;
}

/** Invites `email` with `role` into the session's workspace; returns the invitation id. */
export async function invite(baseUrl: string, s: TestSession, email: string, role: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/invitations`, {
    method: "POST",
    headers: s.headers(),
    body: JSON.stringify({ email, role }),
  });
  if (res.status !== 201) throw new Error(`invitation failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Signs `email` up (or in) and accepts the invitation; the session's active workspace becomes it. */
export async function acceptInvitation(baseUrl: string, s: TestSession, invitationId: string) {
  const res = await post(
    `${baseUrl}/api/auth/organization/accept-invitation`,
    s.origin,
    { invitationId },
    s.cookie,
  );
  if (res.status !== 200) throw new Error(`accepting failed: ${res.status} ${await res.text()}`);
  const set = await post(
    `${baseUrl}/api/auth/organization/set-active`,
    s.origin,
    {
      organizationId: ((await res.json()) as { invitation: { organizationId: string } }).invitation
        .organizationId,
    },
    s.cookie,
  );
  if (set.status !== 200) throw new Error(`switching failed: ${set.status} ${await set.text()}`);
  s.cookie = cookieFrom(set, s.cookie);
  return s;
}

/** A member of `owner`'s workspace with `role`: invited, signed up, accepted, switched. */
export async function memberWithRole(
  baseUrl: string,
  owner: TestSession,
  role: string,
): Promise<TestSession> {
  const email = uniqueEmail(role);
  const id = await invite(baseUrl, owner, email, role);
  const s = await signUp(baseUrl, owner.origin, { email, invitationId: id });
  return acceptInvitation(baseUrl, s, id);
}
