import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

/**
 * A small OpenID Connect provider standing in for Google: discovery, /authorize (redirects back
 * with a code, as Google does once the person consents), /token (checks the client, the code,
 * the redirect URI and PKCE, answers an RS256 id_token), /userinfo and the JWKS. Real HTTP.
 */
export interface OidcUser {
  sub: string;
  email: string;
  name: string;
  email_verified: boolean;
}

export interface OidcServer {
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  /** The person who "signs in" at the next /authorize. */
  nextUser: OidcUser;
  /** Every /authorize and /token request, for assertions. */
  readonly log: { path: string; params: Record<string, string> }[];
  close(): Promise<void>;
}

export async function startOidcServer(): Promise<OidcServer> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const codes = new Map<
    string,
    { user: OidcUser; redirectUri: string; challenge: string | undefined; nonce: string | undefined }
  >();
  const accessTokens = new Map<string, OidcUser>();
  const log: OidcServer["log"] = [];
  const state: OidcServer = {
    issuer: "",
    discoveryUrl: "",
    clientId: "test-client.apps.example",
    clientSecret: "test-client-secret",
    nextUser: { sub: "1001", email: "g.user@example.test", name: "G User", email_verified: true },
    log,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", state.issuer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/.well-known/openid-configuration") {
      return send(200, {
        issuer: state.issuer,
        authorization_endpoint: `${state.issuer}/authorize`,
        token_endpoint: `${state.issuer}/token`,
        userinfo_endpoint: `${state.issuer}/userinfo`,
        jwks_uri: `${state.issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
      });
    }
    if (url.pathname === "/jwks") return send(200, { keys: [jwk] });
    if (url.pathname === "/authorize") {
      const params = Object.fromEntries(url.searchParams);
      log.push({ path: "/authorize", params });
      if (params.client_id !== state.clientId || params.response_type !== "code" || !params.redirect_uri) {
        return send(400, { error: "invalid_request" });
      }
      const code = randomBytes(16).toString("hex");
      codes.set(code, {
        user: state.nextUser,
        redirectUri: params.redirect_uri,
        challenge: params.code_challenge,
        nonce: params.nonce,
      });
      const back = new URL(params.redirect_uri);
      back.searchParams.set("code", code);
      if (params.state) back.searchParams.set("state", params.state);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === "/token" && req.method === "POST") {
      let raw = "";
      for await (const chunk of req) raw += chunk;
      const params = Object.fromEntries(new URLSearchParams(raw));
      log.push({ path: "/token", params });
      const basic = req.headers.authorization?.replace(/^Basic\s+/i, "");
      const [id, secret] = basic
        ? Buffer.from(basic, "base64").toString().split(":").map(decodeURIComponent)
        : [params.client_id, params.client_secret];
      if (id !== state.clientId || secret !== state.clientSecret)
        return send(401, { error: "invalid_client" });
      const grant = params.code ? codes.get(params.code) : undefined;
      if (params.code) codes.delete(params.code);
      if (!grant || grant.redirectUri !== params.redirect_uri) return send(400, { error: "invalid_grant" });
      if (grant.challenge) {
        const expected = createHash("sha256")
          .update(params.code_verifier ?? "")
          .digest("base64url");
        if (expected !== grant.challenge) return send(400, { error: "invalid_grant" });
      }
      const accessToken = randomBytes(16).toString("hex");
      accessTokens.set(accessToken, grant.user);
      const idToken = await new SignJWT({
        email: grant.user.email,
        email_verified: grant.user.email_verified,
        name: grant.user.name,
        ...(grant.nonce ? { nonce: grant.nonce } : {}),
      })
        .setProtectedHeader({ alg: "RS256", kid: "test-key" })
        .setIssuer(state.issuer)
        .setAudience(state.clientId)
        .setSubject(grant.user.sub)
        .setIssuedAt()
        .setExpirationTime("10m")
        .sign(privateKey);
      return send(200, {
        access_token: accessToken,
        token_type: "Bearer",
        expires_in: 600,
        id_token: idToken,
      });
    }
    if (url.pathname === "/userinfo") {
      const token = req.headers.authorization?.replace(/^Bearer\s+/i, "") ?? "";
      const user = accessTokens.get(token);
      return user ? send(200, user) : send(401, { error: "invalid_token" });
    }
    send(404, { error: "not_found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  state.issuer = `http://127.0.0.1:${port}`;
  state.discoveryUrl = `${state.issuer}/.well-known/openid-configuration`;
  return state;
}
