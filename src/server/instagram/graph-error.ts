/**
 * Every failure talking to Meta becomes one GraphError, classified once (META_PLATFORM.md §4):
 *   retry        transient (codes 1, 2, HTTP 5xx, timeouts, resets): try again with backoff
 *   rate-limited 4, 17, 32, 613, 80002, and 368 (a policy block): back off the whole account
 *   reconnect    190: the token is invalid or expired; park the account's work
 *   permanent    anything else (10 = permission / outside the window, 100 = bad parameter, 551…)
 */
export type GraphErrorClass = "retry" | "rate-limited" | "reconnect" | "permanent";

export interface GraphErrorInfo {
  /** HTTP status, or 0 when no answer came (timeout, connection refused). */
  httpStatus: number;
  /** Meta's error code; -1 for transport failures, -2 for an answer we could not understand. */
  code: number;
  subcode?: number | undefined;
  type?: string | undefined;
  fbtraceId?: string | undefined;
  isTransient?: boolean | undefined;
  /** Meta's text meant for the end user, when it gives one. */
  userTitle?: string | undefined;
  userMessage?: string | undefined;
  /** With a rate limit: Meta's estimated_time_to_regain_access (X-Business-Use-Case-Usage), minutes. */
  regainAccessMinutes?: number | undefined;
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80002, 368]);

export class GraphError extends Error {
  readonly info: GraphErrorInfo;
  readonly errorClass: GraphErrorClass;

  constructor(message: string, info: GraphErrorInfo, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "GraphError";
    this.info = info;
    this.errorClass = classifyGraphError(info);
  }

  get code() {
    return this.info.code;
  }
  get subcode() {
    return this.info.subcode;
  }

  /** Outside the 24-hour messaging window (Instagram 2534022; Messenger's 2018278 too). */
  get isOutsideWindow(): boolean {
    return this.info.code === 10 && (this.info.subcode === 2534022 || this.info.subcode === 2018278);
  }
}

export function classifyGraphError(e: GraphErrorInfo): GraphErrorClass {
  if (e.code === 190) return "reconnect";
  if (RATE_LIMIT_CODES.has(e.code)) return "rate-limited";
  if (e.code === -1 || e.code === 1 || e.code === 2 || e.httpStatus >= 500 || e.isTransient === true)
    return "retry";
  return "permanent";
}

interface GraphErrorBody {
  error?: {
    message?: string;
    type?: string;
    code?: number;
    error_subcode?: number;
    fbtrace_id?: string;
    is_transient?: boolean;
    error_user_title?: string;
    error_user_msg?: string;
  };
  // The Instagram token endpoint's own shape (META_PLATFORM.md §1a).
  error_type?: string;
  code?: number;
  error_message?: string;
}

/** Turns Meta's error answer (either shape) into a GraphError. */
export function graphErrorFromResponse(
  httpStatus: number,
  body: unknown,
  regainAccessMinutes = 0,
): GraphError {
  const b = (body && typeof body === "object" ? body : {}) as GraphErrorBody;
  if (b.error && typeof b.error === "object") {
    const e = b.error;
    return new GraphError(e.message ?? `Graph API error (HTTP ${httpStatus})`, {
      ...(regainAccessMinutes > 0 ? { regainAccessMinutes } : {}),
      httpStatus,
      code: typeof e.code === "number" ? e.code : httpStatus >= 500 ? 2 : -2,
      subcode: e.error_subcode,
      type: e.type,
      fbtraceId: e.fbtrace_id,
      isTransient: e.is_transient,
      userTitle: e.error_user_title,
      userMessage: e.error_user_msg,
    });
  }
  if (b.error_type || b.error_message) {
    return new GraphError(b.error_message ?? "OAuth error", {
      httpStatus,
      code: typeof b.code === "number" ? b.code : httpStatus,
      type: b.error_type,
    });
  }
  return new GraphError(`Graph API answered HTTP ${httpStatus}`, {
    httpStatus,
    code: httpStatus >= 500 ? 2 : -2,
  });
}

export function transportError(reason: "timeout" | "network", cause: unknown): GraphError {
  const message = reason === "timeout" ? "Meta did not answer in time" : "could not reach Meta";
  return new GraphError(message, { httpStatus: 0, code: -1 }, { cause });
}
