import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { errorResponse } from "../http/error-handler.ts";
import { SandboxContext, type SandboxOptions } from "./context.ts";
import { controlHistoryRoutes } from "./control-history-routes.ts";
import { controlPeopleRoutes } from "./control-people-routes.ts";
import { controlReadRoutes } from "./control-read-routes.ts";
import { controlWorldRoutes } from "./control-world-routes.ts";
import { dialogRoutes } from "./dialog-routes.ts";
import { graphRoutes } from "./graph-routes.ts";
import { instagramApiRoutes } from "./oauth-token-routes.ts";
import { createWebhookDelivery } from "./webhook-delivery.ts";

export type { SandboxOptions } from "./context.ts";
export { DEMO } from "./seed.ts";

/**
 * The sandbox: a simulated Instagram (Graph API of both logins, OAuth dialogs, a signed
 * webhook sender and a control API for simulated people). State lives in the database, so
 * several processes can serve it at once.
 */
export function createSandbox(options: SandboxOptions) {
  const ctx = new SandboxContext(options);
  const routes = new Hono();
  routes.route("/ig-graph", graphRoutes(ctx, "instagram"));
  routes.route("/fb-graph", graphRoutes(ctx, "facebook"));
  routes.route("/ig-api", instagramApiRoutes(ctx));
  routes.route("/oauth", dialogRoutes(ctx));

  const control = new Hono();
  control.onError((err, c) => errorResponse(err, c as never));
  control.route("/people", controlPeopleRoutes(ctx));
  control.route("/", controlWorldRoutes(ctx));
  control.route("/", controlReadRoutes(ctx));
  control.route("/", controlHistoryRoutes(ctx));
  routes.route("/control", control);

  const delivery = createWebhookDelivery({
    db: options.db,
    logger: options.logger,
    webhookUrl: options.webhookUrl,
    secret: options.app.secret,
    intervalMs: options.deliveryIntervalMs ?? 200,
  });
  return {
    routes,
    start: () => delivery.start(),
    stop: () => delivery.stop(),
    /** Delivers one batch now (tests, and an operator's "flush" button). */
    deliverOnce: () => delivery.deliverOnce(),
  };
}

/** A standalone sandbox server (tests; operators who want one). Mounted at /sandbox. */
export async function startSandboxServer(
  options: Omit<SandboxOptions, "publicUrl"> & { port?: number; host?: string },
): Promise<{ url: string; stop(): Promise<void>; sandbox: ReturnType<typeof createSandbox> }> {
  const host = options.host ?? "127.0.0.1";
  let publicUrl = "";
  const sandboxOptions: SandboxOptions = {
    ...options,
    get publicUrl() {
      return publicUrl;
    },
  };
  const sandbox = createSandbox(sandboxOptions);
  const app = new Hono();
  app.route("/sandbox", sandbox.routes);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  publicUrl = `http://${host}:${port}/sandbox`;
  sandbox.start();
  return {
    url: publicUrl,
    sandbox,
    async stop() {
      await sandbox.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // SSE clients keep connections open; do not wait for them.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
