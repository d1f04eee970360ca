import { asc } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { sandboxAccounts, sandboxFacebookUsers, sandboxPages } from "../db/schema/index.ts";
import type { SandboxContext } from "./context.ts";
import { consentPage, errorPage } from "./dialog-html.ts";
import { directory } from "./directory.ts";
import { issueCode } from "./oauth-codes.ts";

type Flow = "instagram" | "facebook";

function redirectTo(uri: string, params: Record<string, string>, fragment = ""): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return `${url.toString()}${fragment}`;
}

async function dialogParams(c: Context): Promise<Record<string, string>> {
  const out: Record<string, string> = { ...c.req.query() };
  if (c.req.method === "POST") {
    const form = await c.req.parseBody();
    for (const [k, v] of Object.entries(form)) if (typeof v === "string") out[k] = v;
  }
  return out;
}

/** The reason a dialog request is refused, or null. */
function invalid(ctx: SandboxContext, p: Record<string, string>, flow: Flow): string | null {
  if (p.client_id !== ctx.options.app.id)
    return "Invalid app ID: client_id does not match the app the sandbox serves.";
  if (!p.redirect_uri) return "Missing redirect_uri.";
  try {
    if (!["http:", "https:"].includes(new URL(p.redirect_uri).protocol)) return "Invalid redirect_uri.";
  } catch {
    return "Invalid redirect_uri.";
  }
  if (flow === "instagram" && p.response_type !== "code") return "Invalid response_type: expected code.";
  return null;
}

/**
 * The consent dialogs of Instagram Login and Facebook Login: choose who you are, Allow or
 * Cancel, and be redirected as Meta does (`?code=…&state=…#_`, or `error=access_denied…`).
 */
export function dialogRoutes(ctx: SandboxContext) {
  const app = new Hono();

  const handle = (flow: Flow) => async (c: Context) => {
    const m = await ctx.moment();
    const p = await dialogParams(c);
    const problem = invalid(ctx, p, flow);
    if (problem) return c.html(errorPage(problem), 400);
    const scopes = (p.scope ?? "").split(/[,\s]+/).filter(Boolean);
    const state: Record<string, string> = p.state !== undefined ? { state: p.state } : {};
    const redirectUri = p.redirect_uri as string;

    if (c.req.method === "POST") {
      if (p.decision !== "allow") {
        const denied: Record<string, string> =
          flow === "instagram"
            ? {
                error: "access_denied",
                error_reason: "user_denied",
                error_description: "The user denied your request.",
              }
            : {
                error: "access_denied",
                error_code: "200",
                error_description: "Permissions error",
                error_reason: "user_denied",
              };
        return c.redirect(redirectTo(redirectUri, { ...denied, ...state }), 302);
      }
      const chosen = p.choice ?? "";
      const known =
        flow === "instagram"
          ? await directory.account(ctx.db, chosen)
          : (await ctx.db.select().from(sandboxFacebookUsers)).find((u) => u.id === chosen);
      if (!known) return c.html(errorPage("Choose an account to continue."), 400);
      const code = await issueCode(
        ctx.db,
        {
          flow,
          clientId: p.client_id as string,
          redirectUri,
          ...(flow === "instagram" ? { accountId: chosen } : { facebookUserId: chosen }),
          scopes: scopes.join(","),
        },
        m.now,
      );
      return c.redirect(redirectTo(redirectUri, { code, ...state }, "#_"), 302);
    }

    const hidden: Record<string, string> = {
      client_id: p.client_id as string,
      redirect_uri: redirectUri,
      scope: p.scope ?? "",
      ...(p.response_type ? { response_type: p.response_type } : {}),
      ...state,
    };
    if (flow === "instagram") {
      const accounts = await ctx.db.select().from(sandboxAccounts).orderBy(asc(sandboxAccounts.id));
      return c.html(
        consentPage({
          title: "Log in with Instagram",
          intro: "autodm sandbox: choose the professional account to connect.",
          choiceName: "choice",
          choices: accounts.map((a) => ({
            value: a.id,
            label: `Continue as @${a.username}`,
            details: [a.name],
          })),
          hidden,
          scopes,
        }),
      );
    }
    const users = await ctx.db.select().from(sandboxFacebookUsers).orderBy(asc(sandboxFacebookUsers.id));
    const pages = await ctx.db.select().from(sandboxPages).orderBy(asc(sandboxPages.id));
    const accounts = await ctx.db.select().from(sandboxAccounts);
    return c.html(
      consentPage({
        title: "Log in with Facebook",
        intro: "autodm sandbox: continue as a Facebook user; the app will see the Pages below.",
        choiceName: "choice",
        choices: users.map((u) => ({
          value: u.id,
          label: `Continue as ${u.name}`,
          details: pages
            .filter((pg) => pg.facebookUserId === u.id)
            .map((pg) => {
              const ig = accounts.find((a) => a.id === pg.accountId);
              return `Page “${pg.name}”${ig ? ` → @${ig.username}` : " (no Instagram account)"}`;
            }),
        })),
        hidden,
        scopes,
      }),
    );
  };

  app.on(["GET", "POST"], "/instagram/authorize", handle("instagram"));
  app.on(["GET", "POST"], "/facebook/dialog", handle("facebook"));
  return app;
}
