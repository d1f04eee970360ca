import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { sandboxComments } from "../db/schema/index.ts";
import type { SandboxContext } from "./context.ts";
import { meterConversationsCall, readConversationMessages } from "./conversation-api.ts";
import { directory } from "./directory.ts";
import { authenticateCaller, type Host, resolveNode } from "./graph-caller.ts";
import { graphErrors } from "./graph-error.ts";
import { type GraphEnv, graphErrorHandler, graphMiddleware, readParams, str } from "./graph-http.ts";
import { readMedia } from "./graph-media.ts";
import { readConversations, readMe, readObject, readPages } from "./graph-reads.ts";
import { conversationThread } from "./ids.ts";
import { parseSendBody } from "./message-body.ts";
import { registerFacebookTokenRoutes, registerInstagramTokenRoutes } from "./oauth-token-routes.ts";
import { publicReply, send } from "./send-service.ts";
import {
  deleteSubscription,
  getSubscription,
  parseFields,
  setSubscription,
  WEBHOOK_FIELDS,
} from "./subscriptions.ts";

const V = "/:ver{v\\d+\\.\\d+}";

/**
 * The Graph API of one host: graph.instagram.com (Instagram Login) or graph.facebook.com
 * (Facebook Login). Any /vNN.N/ prefix is answered.
 */
export function graphRoutes(ctx: SandboxContext, host: Host) {
  const app = new Hono<GraphEnv>();
  app.onError(graphErrorHandler(ctx.logger));
  app.use("*", graphMiddleware(ctx));
  if (host === "instagram") registerInstagramTokenRoutes(app, ctx);
  else registerFacebookTokenRoutes(app, ctx);

  app.get(`${V}/me`, async (c) => {
    const params = await readParams(c);
    const caller = await authenticateCaller(ctx, c, params, host);
    return c.json(await readMe(ctx, caller, params));
  });

  if (host === "facebook") {
    app.get(`${V}/me/accounts`, async (c) => {
      const params = await readParams(c);
      const caller = await authenticateCaller(ctx, c, params, host);
      return c.json(await readPages(ctx, caller, params, c.get("moment").now));
    });
  }

  app.on(["GET", "POST", "DELETE"], `${V}/:id/subscribed_apps`, async (c) => {
    const params = await readParams(c);
    const caller = await authenticateCaller(ctx, c, params, host);
    const { subscriptionTarget } = resolveNode(caller, c.req.param("id"), "subscribed_apps");
    if (c.req.method === "GET") {
      const fields = await getSubscription(ctx.db, subscriptionTarget);
      return c.json({
        data: fields.length ? [{ id: ctx.options.app.id, name: "autodm", subscribed_fields: fields }] : [],
      });
    }
    if (c.req.method === "DELETE") {
      await deleteSubscription(ctx.db, subscriptionTarget);
      return c.json({ success: true });
    }
    const fields = parseFields(str(params.subscribed_fields));
    if (fields.length === 0) throw graphErrors.missingParam("subscribed_fields");
    const unknown = fields.filter((f) => !(WEBHOOK_FIELDS as readonly string[]).includes(f));
    if (unknown.length)
      throw graphErrors.badParam(
        `(#100) Param subscribed_fields must be one of {${WEBHOOK_FIELDS.join(", ")}} - got "${unknown[0]}".`,
      );
    await setSubscription(ctx.db, subscriptionTarget, fields);
    return c.json({ success: true });
  });

  app.post(`${V}/:id/messages`, async (c) => {
    const params = await readParams(c);
    const caller = await authenticateCaller(ctx, c, params, host);
    const { accountId } = resolveNode(caller, c.req.param("id"), "messages");
    const request = parseSendBody(params);
    return c.json(await send(ctx, c.get("moment"), accountId as string, request));
  });

  app.post(`${V}/:id/replies`, async (c) => {
    const params = await readParams(c);
    const caller = await authenticateCaller(ctx, c, params, host);
    if (!caller.accountId) throw graphErrors.unknownObject(c.req.param("id"), "post");
    const text = str(params.message) ?? "";
    return c.json(await publicReply(ctx, c.get("moment"), caller.accountId, c.req.param("id"), text));
  });

  app.get(`${V}/:id/conversations`, async (c) => {
    const params = await readParams(c);
    const caller = await authenticateCaller(ctx, c, params, host);
    const { accountId } = resolveNode(caller, c.req.param("id"), "conversations");
    await meterConversationsCall(ctx, c.get("moment"), caller, "/{id}/conversations");
    const self = `${ctx.options.publicUrl}/${host === "instagram" ? "ig-graph" : "fb-graph"}/${c.req.param("ver")}/${c.req.param("id")}/conversations`;
    return c.json(await readConversations(ctx, accountId as string, params, self));
  });

  // A conversation's messages, paged (the edge form of `?fields=messages`).
  app.get(`${V}/:id/messages`, async (c) => {
    const params = await readParams(c);
    const caller = await authenticateCaller(ctx, c, params, host);
    const thread = conversationThread(c.req.param("id"), caller.accountId);
    if (!thread) throw graphErrors.unknownObject(c.req.param("id"));
    await meterConversationsCall(ctx, c.get("moment"), caller, "/{conversation-id}/messages");
    const self = `${ctx.options.publicUrl}/${host === "instagram" ? "ig-graph" : "fb-graph"}/${c.req.param("ver")}/${c.req.param("id")}/messages`;
    return c.json(await readConversationMessages(ctx, c.get("moment"), thread, params, self));
  });

  app.get(`${V}/:id/media`, async (c) => {
    const params = await readParams(c);
    const caller = await authenticateCaller(ctx, c, params, host);
    return c.json(await readMedia(ctx, caller, host, c.req.param("id"), params));
  });

  app.get(`${V}/:id/stories`, async (c) => {
    const params = await readParams(c);
    const caller = await authenticateCaller(ctx, c, params, host);
    return c.json(await readMedia(ctx, caller, host, c.req.param("id"), params, "stories"));
  });

  app.get(`${V}/:id`, async (c) => {
    const params = await readParams(c);
    const caller = await authenticateCaller(ctx, c, params, host);
    return c.json(await readObject(ctx, c.get("moment"), caller, c.req.param("id"), params));
  });

  // POST /{COMMENT_ID}?hide=true|false: hide or unhide a comment on the account's media.
  app.post(`${V}/:id`, async (c) => {
    const params = await readParams(c);
    const caller = await authenticateCaller(ctx, c, params, host);
    const id = c.req.param("id");
    const comment = await directory.comment(ctx.db, id);
    if (!comment || comment.accountId !== caller.accountId || params.hide === undefined)
      throw graphErrors.unknownObject(id, "post");
    const hidden = String(params.hide) === "true";
    await ctx.db.update(sandboxComments).set({ hidden }).where(eq(sandboxComments.id, id));
    return c.json({ success: true });
  });

  app.all("*", () => {
    throw graphErrors.unknownPath();
  });
  return app;
}
