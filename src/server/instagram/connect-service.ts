import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNotNull, isNull, lt } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { oauthStates } from "../db/schema/index.ts";
import { AppError } from "../errors.ts";
import type { Logger } from "../observability/logger.ts";
import type { TokenVault } from "../security/token-vault.ts";
import type { AccountRow, AccountsRepo } from "./accounts-repo.ts";
import { GraphClient, WEBHOOK_FIELDS } from "./graph-client.ts";
import { GraphError } from "./graph-error.ts";
import { type LoginType, type MetaTargets, metaFor } from "./meta-endpoints.ts";
import { FACEBOOK_LOGIN_SCOPES, INSTAGRAM_LOGIN_SCOPES, OAuthClient } from "./oauth-client.ts";

const STATE_TTL_MS = 15 * 60_000;

export type ConnectOutcome =
  | { kind: "connected"; account: AccountRow }
  | { kind: "denied"; reason: string }
  | { kind: "choose-page"; state: string; pages: PendingPage[] }
  | { kind: "failed"; code: string; message: string };

export interface PendingPage {
  pageId: string;
  pageName: string;
  igUserId: string;
  username: string;
}

export interface CallbackQuery {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  error_reason?: string | undefined;
  error_description?: string | undefined;
}

const hashNonce = (nonce: string) => createHash("sha256").update(nonce).digest("hex");

function sameHash(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Both login paths, end to end: a `state` bound to the browser (and later the session) →
 * Meta's dialog → the callback → tokens → account lookup → webhook subscription → an
 * encrypted account row. The sandbox is a third "login type" that speaks the Instagram Login
 * protocol to the simulated Meta.
 */
export class ConnectService {
  constructor(
    private readonly deps: {
      db: Db;
      accounts: AccountsRepo;
      vault: TokenVault;
      meta: MetaTargets;
      appUrl: string;
      logger: Logger;
      now?: () => Date;
      /** Called after an account is connected or reconnected (resumes its parked work). */
      onConnected?: (accountId: string) => Promise<unknown>;
    },
  ) {}

  private async connected(row: AccountRow) {
    this.deps.logger.info(
      { accountId: row.id, loginType: row.loginType, igUserId: row.igUserId },
      "account.connected",
    );
    await this.deps.onConnected?.(row.id);
  }

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  redirectUri(loginType: LoginType) {
    return `${this.deps.appUrl}/api/instagram/connect/${loginType}/callback`;
  }

  isAvailable(loginType: LoginType): boolean {
    if (loginType === "sandbox") return this.deps.meta.sandbox !== undefined;
    const meta = this.deps.meta.real;
    return loginType === "instagram" ? meta.instagramApp !== undefined : meta.facebookApp !== undefined;
  }

  /** Starts a login: returns where to send the browser. `browserNonce` lives in an httpOnly cookie. */
  async begin(input: { workspaceId: string; loginType: LoginType; browserNonce: string; returnTo?: string }) {
    if (!this.isAvailable(input.loginType)) {
      throw new AppError("unavailable", `${input.loginType} login is not configured on this server`);
    }
    const state = randomBytes(24).toString("base64url");
    const redirectUri = this.redirectUri(input.loginType);
    await this.deps.db.insert(oauthStates).values({
      state,
      workspaceId: input.workspaceId,
      loginType: input.loginType,
      browserBinding: hashNonce(input.browserNonce),
      redirectUri,
      returnTo: input.returnTo ?? null,
      expiresAt: new Date(this.now().getTime() + STATE_TTL_MS),
    });
    // Housekeeping: states are short-lived; drop the old ones now and then.
    await this.deps.db
      .delete(oauthStates)
      .where(lt(oauthStates.expiresAt, new Date(this.now().getTime() - 86_400_000)));
    const oauth = new OAuthClient(metaFor(this.deps.meta, input.loginType));
    const url =
      input.loginType === "facebook"
        ? oauth.facebookAuthorizeUrl(redirectUri, state)
        : oauth.instagramAuthorizeUrl(redirectUri, state);
    return { url, state };
  }

  /**
   * Takes the state once: it must exist, be unexpired, unused and bound to this browser.
   * The atomic UPDATE … WHERE consumed_at IS NULL makes a replayed callback fail.
   */
  private async consumeState(
    state: string | undefined,
    browserNonce: string | undefined,
    loginType: LoginType,
  ) {
    if (!state || !browserNonce)
      throw new AppError("forbidden", "this sign-in link is not valid in this browser");
    const [row] = await this.deps.db
      .update(oauthStates)
      .set({ consumedAt: this.now() })
      .where(
        and(
          eq(oauthStates.state, state),
          eq(oauthStates.loginType, loginType),
          isNull(oauthStates.consumedAt),
          gt(oauthStates.expiresAt, this.now()),
        ),
      )
      .returning();
    if (!row || !sameHash(row.browserBinding, hashNonce(browserNonce))) {
      throw new AppError("forbidden", "this sign-in link has expired or was started in another browser");
    }
    return row;
  }

  async complete(
    loginType: LoginType,
    query: CallbackQuery,
    browserNonce: string | undefined,
  ): Promise<ConnectOutcome> {
    const state = await this.consumeState(query.state, browserNonce, loginType);
    if (query.error) {
      const reason =
        query.error === "access_denied"
          ? "You cancelled the connection, so nothing was changed."
          : (query.error_description ?? query.error);
      return { kind: "denied", reason };
    }
    // Meta appends "#_" to the redirect; browsers drop fragments, but a pasted URL may keep it.
    const code = query.code?.replace(/#_$/, "");
    if (!code)
      return { kind: "failed", code: "missing_code", message: "Meta did not send an authorization code." };
    try {
      if (loginType === "facebook")
        return await this.completeFacebook(state.workspaceId, state.state, code, state.redirectUri);
      return await this.completeInstagram(loginType, state.workspaceId, code, state.redirectUri);
    } catch (err) {
      if (err instanceof GraphError) {
        this.deps.logger.warn(
          { loginType, code: err.code, subcode: err.subcode, reason: err.message },
          "connect.failed",
        );
        return { kind: "failed", code: "meta_error", message: `Meta refused the connection: ${err.message}` };
      }
      throw err;
    }
  }

  private async completeInstagram(
    loginType: "instagram" | "sandbox",
    workspaceId: string,
    code: string,
    redirectUri: string,
  ) {
    const meta = metaFor(this.deps.meta, loginType);
    const oauth = new OAuthClient(meta);
    const short = await oauth.exchangeInstagramCode(code, redirectUri);
    const long = await oauth.exchangeInstagramLongLived(short.accessToken);
    const me = await oauth.instagramMe(long.accessToken);
    const graph = new GraphClient(meta);
    const account = { loginType, igUserId: me.igUserId, token: long.accessToken } as const;
    await graph.subscribeWebhooks(account);
    const issuedAt = this.now();
    const row = await this.deps.accounts.upsert({
      workspaceId,
      loginType,
      igUserId: me.igUserId,
      username: me.username,
      name: me.name,
      profilePictureUrl: me.profilePictureUrl,
      pageId: null,
      accessToken: this.deps.vault.encrypt(long.accessToken),
      tokenIssuedAt: issuedAt,
      tokenExpiresAt: long.expiresInSeconds
        ? new Date(issuedAt.getTime() + long.expiresInSeconds * 1000)
        : null,
      scopes: short.permissions.length ? short.permissions : INSTAGRAM_LOGIN_SCOPES,
      webhookFields: [...WEBHOOK_FIELDS],
    });
    await this.connected(row);
    return { kind: "connected" as const, account: row };
  }

  private async completeFacebook(
    workspaceId: string,
    state: string,
    code: string,
    redirectUri: string,
  ): Promise<ConnectOutcome> {
    const oauth = new OAuthClient(this.deps.meta.real);
    const short = await oauth.exchangeFacebookCode(code, redirectUri);
    const long = await oauth.exchangeFacebookLongLived(short.accessToken);
    const pages = (await oauth.facebookPages(long.accessToken)).filter((p) => p.igUserId && p.pageToken);
    if (pages.length === 0) {
      return {
        kind: "failed",
        code: "no_instagram_account",
        message: "None of your Facebook Pages is linked to an Instagram professional account.",
      };
    }
    const pending: PendingPage[] = [];
    for (const page of pages) {
      const business = await oauth.businessAccount(page.igUserId as string, page.pageToken as string);
      // The id webhooks carry is the one /me/accounts links to the Page; the read adds the profile.
      pending.push({
        pageId: page.pageId,
        pageName: page.pageName,
        igUserId: page.igUserId as string,
        username: business.username,
      });
    }
    if (pending.length === 1) {
      return this.connectPage(workspaceId, long.accessToken, (pending[0] as PendingPage).pageId);
    }
    // Several Pages: keep the user token (encrypted) on the state row until the user picks one.
    await this.deps.db
      .update(oauthStates)
      .set({ pendingUserToken: this.deps.vault.encrypt(long.accessToken), pendingPages: pending })
      .where(eq(oauthStates.state, state));
    return { kind: "choose-page", state, pages: pending };
  }

  /** The second step of Facebook Login with several Pages. */
  async choosePage(input: {
    state: string;
    pageId: string;
    browserNonce: string | undefined;
  }): Promise<ConnectOutcome> {
    const [row] = await this.deps.db
      .select()
      .from(oauthStates)
      .where(
        and(
          eq(oauthStates.state, input.state),
          eq(oauthStates.loginType, "facebook"),
          isNotNull(oauthStates.pendingUserToken),
          gt(oauthStates.expiresAt, this.now()),
        ),
      );
    if (
      !row?.pendingUserToken ||
      !input.browserNonce ||
      !sameHash(row.browserBinding, hashNonce(input.browserNonce))
    ) {
      throw new AppError("forbidden", "this choice has expired or was started in another browser");
    }
    if (!row.pendingPages?.some((p) => p.pageId === input.pageId)) {
      throw new AppError("validation_failed", "pageId: not one of the Pages offered");
    }
    // Compare-and-swap: only one request may use the pending token.
    const taken = await this.deps.db
      .update(oauthStates)
      .set({ pendingUserToken: null })
      .where(and(eq(oauthStates.state, input.state), eq(oauthStates.pendingUserToken, row.pendingUserToken)))
      .returning({ state: oauthStates.state });
    if (taken.length === 0) throw new AppError("forbidden", "this choice was already made");
    try {
      return await this.connectPage(
        row.workspaceId,
        this.deps.vault.decrypt(row.pendingUserToken),
        input.pageId,
      );
    } catch (err) {
      if (err instanceof GraphError) {
        return { kind: "failed", code: "meta_error", message: `Meta refused the connection: ${err.message}` };
      }
      throw err;
    }
  }

  private async connectPage(workspaceId: string, userToken: string, pageId: string): Promise<ConnectOutcome> {
    const oauth = new OAuthClient(this.deps.meta.real);
    const page = (await oauth.facebookPages(userToken)).find(
      (p) => p.pageId === pageId && p.igUserId && p.pageToken,
    );
    if (!page) throw new AppError("not_found", "that Page is not available to you any more");
    const pageToken = page.pageToken as string;
    const igUserId = page.igUserId as string;
    const business = await oauth.businessAccount(igUserId, pageToken);
    const graph = new GraphClient(this.deps.meta.real);
    await graph.subscribeWebhooks({ loginType: "facebook", igUserId, pageId, token: pageToken });
    const row = await this.deps.accounts.upsert({
      workspaceId,
      loginType: "facebook",
      igUserId,
      username: business.username,
      name: business.name,
      profilePictureUrl: business.profilePictureUrl,
      pageId,
      accessToken: this.deps.vault.encrypt(pageToken),
      tokenIssuedAt: this.now(),
      tokenExpiresAt: null, // Page tokens derived from a long-lived user token do not expire
      scopes: FACEBOOK_LOGIN_SCOPES,
      webhookFields: [...WEBHOOK_FIELDS],
    });
    await this.connected(row);
    return { kind: "connected", account: row };
  }

  /** Unsubscribes (best effort: a dead token cannot) and deletes the account and its token. */
  async disconnect(workspaceId: string, accountId: string): Promise<void> {
    const account = await this.deps.accounts.get(workspaceId, accountId);
    if (!account) throw new AppError("not_found", "account not found");
    try {
      const graph = new GraphClient(metaFor(this.deps.meta, account.loginType));
      await graph.unsubscribeWebhooks({
        loginType: account.loginType,
        igUserId: account.igUserId,
        pageId: account.pageId,
        token: this.deps.vault.decrypt(account.accessToken),
      });
    } catch (err) {
      this.deps.logger.warn({ accountId, reason: (err as Error).message }, "account.unsubscribe-failed");
    }
    await this.deps.accounts.delete(workspaceId, accountId);
    this.deps.logger.info({ accountId }, "account.disconnected");
  }
}
