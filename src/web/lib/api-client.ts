/**
 * The dashboard's one way to call the server: same-origin fetch with the session cookie, JSON
 * in and out, and every failure turned into an ApiError carrying the server's
 * `{error:{code,message}}`. Nothing extra is sent for CSRF: the server (and better-auth) check
 * the Origin header, which browsers add to every unsafe request.
 */

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The session is missing or over: the app sends the person to sign in. */
  get isUnauthorized(): boolean {
    return this.status === 401;
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes("?") ? "&" : "?"}${qs}` : path;
}

async function errorFrom(res: Response): Promise<ApiError> {
  let code = `http_${res.status}`;
  let message = res.statusText || `request failed (${res.status})`;
  let details: unknown;
  const text = await res.text().catch(() => "");
  try {
    const parsed = JSON.parse(text) as {
      error?: { code?: unknown; message?: unknown; details?: unknown };
      code?: unknown;
      message?: unknown;
    };
    // Our API answers {error:{code,message}}; better-auth answers {code,message}.
    const e = parsed.error ?? parsed;
    if (typeof e.code === "string") code = e.code;
    if (typeof e.message === "string" && e.message) message = e.message;
    details = (parsed.error as { details?: unknown } | undefined)?.details;
  } catch {
    if (res.status >= 500) message = "the server had a problem; try again in a moment";
  }
  return new ApiError(res.status, code, message, details);
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  const init: RequestInit = { method, credentials: "include", headers };
  if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(options.body);
  }
  if (options.signal) init.signal = options.signal;
  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), init);
  } catch (cause) {
    if ((cause as { name?: string }).name === "AbortError") throw cause;
    throw new ApiError(0, "network", "the server is not reachable; check your connection");
  }
  if (!res.ok) throw await errorFrom(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get("content-type") ?? "";
  if (!type.includes("json")) return (await res.text()) as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, "body">) => request<T>("GET", path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("POST", path, { ...options, body: body ?? {} }),
  put: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>("PUT", path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>("PATCH", path, { ...options, body }),
  delete: <T = void>(path: string, options?: RequestOptions) => request<T>("DELETE", path, options),
};

/** A message fit for a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return "something went wrong";
}
