import type { AppCredentials, MetaConfig } from "../config.ts";
import { AppError } from "../errors.ts";
import { type GraphHttpOptions, graphRequest } from "./graph-http.ts";
import {
  BusinessAccountAnswer,
  FacebookMeAnswer,
  InstagramCodeAnswer,
  InstagramMeAnswer,
  PagesAnswer,
  TokenAnswer,
} from "./graph-schemas.ts";

/** Scopes asked for (META_PLATFORM.md §1). */
export const INSTAGRAM_LOGIN_SCOPES = [
  "instagram_business_basic",
  "instagram_business_manage_messages",
  "instagram_business_manage_comments",
];
export const FACEBOOK_LOGIN_SCOPES = [
  "instagram_basic",
  "instagram_manage_messages",
  "instagram_manage_comments",
  "pages_manage_metadata",
  "pages_show_list",
  "pages_messaging",
  "pages_read_engagement",
  "business_management",
];

export interface IssuedToken {
  accessToken: string;
  /** undefined: the token does not expire. */
  expiresInSeconds: number | undefined;
}

export interface FacebookPage {
  pageId: string;
  pageName: string;
  pageToken: string | undefined;
  igUserId: string | undefined;
}

function required(app: AppCredentials | undefined, which: string): AppCredentials {
  if (!app) throw new AppError("unavailable", `${which} is not configured on this server`);
  return app;
}

/**
 * The token side of both login paths. Instagram Login: code → short-lived (1 h) → long-lived
 * (60 days), refreshable. Facebook Login: code → user token → long-lived user token → Page
 * tokens, which do not expire.
 */
export class OAuthClient {
  private readonly http: GraphHttpOptions;

  constructor(private readonly meta: MetaConfig) {
    this.http = { timeoutMs: meta.timeoutMs };
  }

  instagramAuthorizeUrl(redirectUri: string, state: string): string {
    const app = required(this.meta.instagramApp, "Instagram Login");
    const url = new URL(this.meta.instagramAuthorizeUrl);
    url.search = new URLSearchParams({
      client_id: app.id,
      redirect_uri: redirectUri,
      response_type: "code",
      scope: INSTAGRAM_LOGIN_SCOPES.join(","),
      state,
    }).toString();
    return url.toString();
  }

  facebookAuthorizeUrl(redirectUri: string, state: string): string {
    const app = required(this.meta.facebookApp, "Facebook Login");
    const url = new URL(this.meta.facebookAuthorizeUrl);
    url.search = new URLSearchParams({
      client_id: app.id,
      redirect_uri: redirectUri,
      response_type: "code",
      scope: FACEBOOK_LOGIN_SCOPES.join(","),
      state,
    }).toString();
    return url.toString();
  }

  /** Code → short-lived token. The code works once and lives one hour. */
  async exchangeInstagramCode(code: string, redirectUri: string) {
    const app = required(this.meta.instagramApp, "Instagram Login");
    const answer = await graphRequest(this.http, {
      method: "POST",
      url: `${this.meta.instagramApiUrl}/oauth/access_token`,
      form: {
        client_id: app.id,
        client_secret: app.secret,
        grant_type: "authorization_code",
        redirect_uri: redirectUri,
        code,
      },
      schema: InstagramCodeAnswer,
    });
    const permissions = Array.isArray(answer.permissions)
      ? answer.permissions
      : (answer.permissions ?? "").split(",").filter(Boolean);
    return { accessToken: answer.access_token, userId: answer.user_id, permissions };
  }

  async exchangeInstagramLongLived(shortToken: string): Promise<IssuedToken> {
    const app = required(this.meta.instagramApp, "Instagram Login");
    // Meta documents these two without a version in the path, and with the token as a parameter.
    const answer = await graphRequest(this.http, {
      method: "GET",
      url: `${this.meta.instagramGraphUrl}/access_token`,
      query: { grant_type: "ig_exchange_token", client_secret: app.secret, access_token: shortToken },
      schema: TokenAnswer,
    });
    return { accessToken: answer.access_token, expiresInSeconds: answer.expires_in };
  }

  /** Allowed once the token is ≥ 24 h old and not expired; the new one lives 60 days. */
  async refreshInstagramToken(longToken: string): Promise<IssuedToken> {
    const answer = await graphRequest(this.http, {
      method: "GET",
      url: `${this.meta.instagramGraphUrl}/refresh_access_token`,
      query: { grant_type: "ig_refresh_token", access_token: longToken },
      schema: TokenAnswer,
    });
    return { accessToken: answer.access_token, expiresInSeconds: answer.expires_in };
  }

  async instagramMe(token: string) {
    const me = await graphRequest(this.http, {
      method: "GET",
      url: `${this.meta.instagramGraphUrl}/${this.meta.graphVersion}/me`,
      query: { fields: "user_id,username,name,profile_picture_url" },
      token,
      schema: InstagramMeAnswer,
    });
    return {
      igUserId: me.user_id,
      username: me.username,
      name: me.name ?? null,
      profilePictureUrl: me.profile_picture_url ?? null,
    };
  }

  async exchangeFacebookCode(code: string, redirectUri: string): Promise<IssuedToken> {
    const app = required(this.meta.facebookApp, "Facebook Login");
    const answer = await graphRequest(this.http, {
      method: "GET",
      url: `${this.meta.facebookGraphUrl}/${this.meta.graphVersion}/oauth/access_token`,
      query: { client_id: app.id, redirect_uri: redirectUri, client_secret: app.secret, code },
      schema: TokenAnswer,
    });
    return { accessToken: answer.access_token, expiresInSeconds: answer.expires_in };
  }

  async exchangeFacebookLongLived(userToken: string): Promise<IssuedToken> {
    const app = required(this.meta.facebookApp, "Facebook Login");
    const answer = await graphRequest(this.http, {
      method: "GET",
      url: `${this.meta.facebookGraphUrl}/${this.meta.graphVersion}/oauth/access_token`,
      query: {
        grant_type: "fb_exchange_token",
        client_id: app.id,
        client_secret: app.secret,
        fb_exchange_token: userToken,
      },
      schema: TokenAnswer,
    });
    return { accessToken: answer.access_token, expiresInSeconds: answer.expires_in };
  }

  facebookMe(userToken: string) {
    return graphRequest(this.http, {
      method: "GET",
      url: `${this.meta.facebookGraphUrl}/${this.meta.graphVersion}/me`,
      query: { fields: "id,name" },
      token: userToken,
      schema: FacebookMeAnswer,
    });
  }

  /** The user's Pages, with their tokens and linked Instagram business accounts. */
  async facebookPages(userToken: string): Promise<FacebookPage[]> {
    const pages: FacebookPage[] = [];
    let after: string | undefined;
    // Bounded: nobody manages more than a few hundred Pages; never loop forever on bad paging.
    for (let page = 0; page < 20; page++) {
      const answer = await graphRequest(this.http, {
        method: "GET",
        url: `${this.meta.facebookGraphUrl}/${this.meta.graphVersion}/me/accounts`,
        query: { fields: "name,access_token,tasks,instagram_business_account", after },
        token: userToken,
        schema: PagesAnswer,
      });
      for (const p of answer.data) {
        pages.push({
          pageId: p.id,
          pageName: p.name,
          pageToken: p.access_token,
          igUserId: p.instagram_business_account?.id,
        });
      }
      after = answer.paging?.next ? answer.paging.cursors?.after : undefined;
      if (!after) break;
    }
    return pages;
  }

  /** The Instagram business account behind a Page, read with the Page token. */
  async businessAccount(igUserId: string, pageToken: string) {
    const a = await graphRequest(this.http, {
      method: "GET",
      url: `${this.meta.facebookGraphUrl}/${this.meta.graphVersion}/${encodeURIComponent(igUserId)}`,
      query: { fields: "id,username,name,profile_picture_url" },
      token: pageToken,
      schema: BusinessAccountAnswer,
    });
    return {
      igUserId: a.id,
      username: a.username,
      name: a.name ?? null,
      profilePictureUrl: a.profile_picture_url ?? null,
    };
  }
}
