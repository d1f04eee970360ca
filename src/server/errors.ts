/**
 * The one error type. `code` is stable and machine-readable; `status` is the HTTP status the
 * error maps to at the edge (see http/error-handler.ts). Messages are safe to show to users.
 */
export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  /** Meta's 24-hour window (or the 7-day human-agent window) has closed for this person. */
  | "window_closed"
  /** A plan's limit (accounts, automations, seats, monthly messages) is reached. */
  | "plan_limit"
  /** The workspace's plan does not include this feature. */
  | "plan_feature"
  | "not_implemented"
  | "payload_too_large"
  | "rate_limited"
  | "unavailable"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  window_closed: 409,
  plan_limit: 402,
  plan_feature: 402,
  not_implemented: 501,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
    this.status = STATUS[code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);
