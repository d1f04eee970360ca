import { fbtraceId } from "./ids.ts";

/**
 * A Graph API error, answered as Meta does: `{"error":{message,type,code,error_subcode,fbtrace_id}}`,
 * HTTP 400 unless noted. Builders below hold the exact texts for every rule the sandbox enforces.
 */
export class GraphError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly subcode?: number,
    readonly httpStatus = 400,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "GraphError";
  }

  toJSON() {
    return {
      error: {
        message: this.message,
        type: "OAuthException",
        code: this.code,
        ...(this.subcode !== undefined ? { error_subcode: this.subcode } : {}),
        ...this.extra,
        fbtrace_id: fbtraceId(),
      },
    };
  }
}

/** api.instagram.com/oauth/access_token fails in a different, non-Graph shape. */
export class InstagramApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InstagramApiError";
  }
  toJSON() {
    return { error_type: "OAuthException", code: 400, error_message: this.message };
  }
}

export const graphErrors = {
  missingToken: () =>
    new GraphError(2500, "An active access token must be used to query information about the current user."),
  invalidToken: () => new GraphError(190, "Invalid OAuth access token - Cannot parse access token"),
  expiredToken: (expiredAt: Date, now: Date) =>
    new GraphError(
      190,
      `Error validating access token: Session has expired on ${expiredAt.toUTCString()}. The current time is ${now.toUTCString()}.`,
      463,
    ),
  revokedToken: () =>
    new GraphError(
      190,
      "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.",
      460,
    ),
  /** Our reading (Meta documents no shape): Graph shape, code 100, no subcode. */
  refreshTooYoung: () =>
    new GraphError(100, "(#100) The access token can only be refreshed after it is at least 24 hours old."),
  refreshNotLongLived: () => new GraphError(100, "(#100) Only long-lived access tokens can be refreshed."),
  badClientSecret: () => new GraphError(1, "Error validating client secret."),
  badClientId: () => new GraphError(101, "Error validating application. Invalid application ID."),
  badGrantType: () => new GraphError(100, "(#100) Unsupported grant_type"),
  missingParam: (name: string) => new GraphError(100, `(#100) The parameter ${name} is required`),
  badCode: () => new GraphError(100, "Invalid verification code format.", 36009),
  codeUsed: () => new GraphError(100, "This authorization code has been used.", 36009),
  codeExpired: () => new GraphError(100, "This authorization code has expired.", 36007),
  redirectMismatch: () =>
    new GraphError(
      100,
      "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
      36008,
    ),
  unknownObject: (id: string, verb: "get" | "post" | "delete" = "get") =>
    new GraphError(
      100,
      `Unsupported ${verb} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      33,
    ),
  noCapability: () =>
    new GraphError(3, "(#3) Application does not have the capability to make this API call."),
  outsideWindow: () =>
    new GraphError(
      10,
      "(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview",
      2534022,
    ),
  // Meta documents no subcode for these two private-reply refusals: code 10 with a clear message.
  privateReplyAlreadySent: () =>
    new GraphError(10, "(#10) A private reply has already been sent for this comment."),
  privateReplyTooLate: () =>
    new GraphError(
      10,
      "(#10) Private replies can only be sent within 7 days of the comment (or during a live broadcast).",
    ),
  noSuchUser: () => new GraphError(100, "No matching user found", 2534014),
  notAvailable: () => new GraphError(551, "This person isn't available right now.", 1545041),
  rateLimited: () => new GraphError(613, "Calls to this api have exceeded the rate limit."),
  badParam: (message: string) => new GraphError(100, message),
  noConsent: () => new GraphError(230, "(#230) User consent is required to access user profile"),
  transient: () =>
    new GraphError(2, "An unexpected error has occurred. Please retry your request later.", undefined, 500, {
      is_transient: true,
    }),
  unknownPath: () => new GraphError(2500, "Unknown path components"),
};
