import { randomBytes, randomUUID } from "node:crypto";
import { apiKey } from "@better-auth/api-key";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError } from "better-auth/api";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { organization } from "better-auth/plugins/organization";
import { and, asc, count, eq, gt } from "drizzle-orm";
import type { AuthConfig } from "../config.ts";
import type { Db } from "../db/database.ts";
import {
  authSchema,
  authUsers,
  workspaceInvitations,
  workspaceMembers,
  workspaces,
} from "../db/schema/index.ts";
import type { Logger } from "../observability/logger.ts";
import { invitationLink, type Mailer } from "./mailer.ts";
import { workspaceAccessControl, workspaceRoles } from "./workspace-roles.ts";

/** The header the HTTP layer sets from the socket (any copy sent by a client is dropped). */
export const CLIENT_IP_HEADER = "x-autodm-client-ip";
export const API_KEY_PREFIX = "adm_";

export interface AuthDeps {
  db: Db;
  config: AuthConfig;
  appUrl: string;
  secret: string;
  mailer: Mailer;
  logger: Logger;
}

/**
 * better-auth, configured once: email + password, Google (OpenID Connect, discovered, so tests
 * can stand a local server in), workspaces (organization plugin) with our five roles, API keys
 * owned by workspaces. Telemetry is off.
 */
export function createAuth(deps: AuthDeps) {
  const { db, config, appUrl, mailer, logger } = deps;
  const google = config.google;
  const windowSeconds = config.signInLimit.windowSeconds;
  return betterAuth({
    appName: "autodm",
    baseURL: appUrl,
    basePath: "/api/auth",
    secret: deps.secret,
    telemetry: { enabled: false },
    logger: {
      log: (level, message) => {
        const log = logger.child({ component: "better-auth" });
        if (level === "error") log.error(message);
        else if (level === "warn") log.warn(message);
        else log.debug(message);
      },
    },
    trustedOrigins: [new URL(appUrl).origin],
    database: drizzleAdapter(db, { provider: "pg", schema: authSchema, transaction: false }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: config.passwordMinLength,
      maxPasswordLength: 128,
      autoSignIn: true,
    },
    session: { expiresIn: 30 * 24 * 3600, updateAge: 24 * 3600 },
    rateLimit: {
      enabled: true,
      storage: "memory",
      window: 60,
      max: 600,
      // Per client IP: an attacker's address is shut out, not the account it guesses at.
      customRules: Object.fromEntries(
        [
          "/sign-in/email",
          "/sign-up/email",
          "/request-password-reset",
          "/reset-password",
          "/organization/accept-invitation",
        ].map((p) => [p, { window: windowSeconds, max: config.signInLimit.perIp }]),
      ),
    },
    advanced: {
      useSecureCookies: appUrl.startsWith("https:"),
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    databaseHooks: {
      user: {
        create: {
          before: async (user, ctx) => {
            const [row] = await db.select({ n: count() }).from(authUsers);
            const firstUser = (row?.n ?? 0) === 0;
            if (firstUser) {
              // First run: the only thing on offer is "create the owner account" by email.
              if (ctx?.path !== "/sign-up/email") {
                throw new APIError("FORBIDDEN", { message: "create the owner account first" });
              }
              return { data: user };
            }
            if (config.signup === "closed") {
              throw new APIError("FORBIDDEN", { message: "sign-up is closed on this installation" });
            }
            if (config.signup === "invite" && !(await invitedToSignUp(db, user.email, ctx))) {
              throw new APIError("FORBIDDEN", {
                message: "sign-up is by invitation only: open the link of your invitation",
              });
            }
            return { data: user };
          },
          after: async (user) => {
            await createPersonalWorkspace(db, user);
            logger.info({ userId: user.id }, "auth.user-created");
          },
        },
      },
      session: {
        create: {
          before: async (session) => {
            const [first] = await db
              .select({ id: workspaceMembers.organizationId })
              .from(workspaceMembers)
              .where(eq(workspaceMembers.userId, session.userId))
              .orderBy(asc(workspaceMembers.createdAt))
              .limit(1);
            return { data: { ...session, activeOrganizationId: first?.id ?? null } };
          },
        },
      },
    },
    plugins: [
      organization({
        ac: workspaceAccessControl,
        roles: workspaceRoles,
        creatorRole: "owner",
        invitationExpiresIn: 7 * 24 * 3600,
        sendInvitationEmail: async (data) => {
          if (!mailer.enabled) return;
          await mailer.send({
            to: data.email,
            subject: `Join ${data.organization.name} on autodm`,
            text: `${data.inviter.user.name} invited you to the workspace "${data.organization.name}" as ${data.role}.\n\nAccept: ${invitationLink(appUrl, data.id)}\n`,
          });
        },
      }),
      apiKey({
        references: "organization",
        defaultPrefix: API_KEY_PREFIX,
        startingCharactersConfig: { shouldStore: true, charactersLength: 10 },
        enableMetadata: true,
        rateLimit: { enabled: false },
      }),
      ...(google
        ? [
            genericOAuth({
              config: [
                {
                  providerId: "google",
                  clientId: google.clientId,
                  clientSecret: google.clientSecret,
                  discoveryUrl: google.discoveryUrl,
                  scopes: ["openid", "email", "profile"],
                  pkce: true,
                  requireIdTokenVerification: true,
                },
              ],
            }),
          ]
        : []),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

/**
 * Whether an invite-only installation takes this new account. Email sign-up must bring the
 * invitation's id (the link mailed to the invited address, which only its reader has) and it must
 * be that address's, pending and unexpired: knowing or guessing an invited address is not enough,
 * since nothing proves an email sign-up owns its address. Google proves the address (a verified
 * email), so there a pending invitation for it is enough.
 */
async function invitedToSignUp(
  db: Db,
  email: string,
  ctx: { path?: string; body?: unknown } | null | undefined,
): Promise<boolean> {
  const byEmail = ctx?.path === "/sign-up/email";
  const id = byEmail ? (ctx?.body as { invitationId?: unknown } | undefined)?.invitationId : undefined;
  if (byEmail && (typeof id !== "string" || id.length === 0 || id.length > 200)) return false;
  const [row] = await db
    .select({ id: workspaceInvitations.id })
    .from(workspaceInvitations)
    .where(
      and(
        eq(workspaceInvitations.email, email.toLowerCase()),
        eq(workspaceInvitations.status, "pending"),
        gt(workspaceInvitations.expiresAt, new Date()),
        ...(typeof id === "string" ? [eq(workspaceInvitations.id, id)] : []),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** Everyone gets a workspace of their own at sign-up, as its owner. */
async function createPersonalWorkspace(db: Db, user: { id: string; name: string; email: string }) {
  const id = randomUUID();
  const label = user.name?.trim() || user.email.split("@")[0] || "My";
  await db.insert(workspaces).values({
    id,
    name: `${label}'s workspace`.slice(0, 100),
    slug: `ws-${randomBytes(6).toString("hex")}`,
  });
  await db.insert(workspaceMembers).values({
    id: randomUUID(),
    organizationId: id,
    userId: user.id,
    role: "owner",
  });
}
