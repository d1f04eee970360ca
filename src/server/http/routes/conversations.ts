import { Hono } from "hono";
import { z } from "zod";
import {
  Conversation,
  ConversationPage,
  InboxSettings,
  MessagePage,
  MessageTemplate,
  MessageTemplateList,
  RenderedTemplate,
  ReplyAccepted,
} from "../../../shared/api/inbox.ts";
import {
  ConversationFilter,
  conversationsChangedSince,
  getConversation,
  listConversations,
  listMessages,
  ThreadPage,
} from "../../conversations/inbox-query.ts";
import {
  AssigneeInput,
  BotAction,
  ConversationPatch,
  type InboxService,
  ReplyInput,
  SettingsInput,
} from "../../conversations/inbox-service.ts";
import {
  TemplateInput,
  TemplateQuery,
  type TemplatesService,
} from "../../conversations/templates-service.ts";
import type { Db } from "../../db/database.ts";
import type { AppEnv } from "../app-env.ts";
import { pollStream } from "../poll-stream.ts";
import { reply } from "../respond.ts";
import { validate } from "../validate.ts";

const Id = z.object({ id: z.string().min(1).max(64) });
const POLL_MS = 500;

/**
 * The inbox: conversations (list, one, its thread), replies, read, priority, tags, assignment,
 * the bot's state, the workspace's inbox settings, and a live stream of changed conversations
 * (polled from the table, so it sees what any process wrote).
 */
export function conversationRoutes(deps: { db: Db; inbox: InboxService; templates: TemplatesService }) {
  const { templates } = deps;
  const { db, inbox } = deps;
  const scope = (c: { get(k: "workspaceId"): string; get(k: "userId"): string | null }) => ({
    workspaceId: c.get("workspaceId"),
    userId: c.get("userId"),
  });
  return new Hono<AppEnv>()
    .get("/api/conversations", validate("query", ConversationFilter), async (c) =>
      reply(
        c,
        ConversationPage,
        await listConversations(db, scope(c), c.req.valid("query"), await inbox.now()),
      ),
    )
    .get("/api/conversations/stream", (c) => {
      const workspaceId = c.get("workspaceId");
      return pollStream(c, {
        event: "conversation",
        intervalMs: POLL_MS,
        changedSince: async (since) =>
          (await conversationsChangedSince(db, workspaceId, since, await inbox.now())).map((row) => ({
            changedAt: row.updatedAt,
            data: row.item,
          })),
      });
    })
    .get("/api/conversations/:id", validate("param", Id), async (c) =>
      reply(
        c,
        Conversation,
        await getConversation(db, c.get("workspaceId"), c.req.valid("param").id, await inbox.now()),
      ),
    )
    .get(
      "/api/conversations/:id/messages",
      validate("param", Id),
      validate("query", ThreadPage),
      async (c) => {
        const workspaceId = c.get("workspaceId");
        const { id } = c.req.valid("param");
        await getConversation(db, workspaceId, id, new Date()); // 404 unless it is this workspace's
        return reply(c, MessagePage, await listMessages(db, workspaceId, id, c.req.valid("query")));
      },
    )
    .post("/api/conversations/:id/messages", validate("param", Id), validate("json", ReplyInput), async (c) =>
      reply(
        c,
        ReplyAccepted,
        await inbox.reply(scope(c), c.req.valid("param").id, c.req.valid("json").text),
        202,
      ),
    )
    .post("/api/conversations/:id/read", validate("param", Id), async (c) =>
      reply(c, Conversation, await inbox.markRead(c.get("workspaceId"), c.req.valid("param").id)),
    )
    .patch("/api/conversations/:id", validate("param", Id), validate("json", ConversationPatch), async (c) =>
      reply(
        c,
        Conversation,
        await inbox.patch(c.get("workspaceId"), c.req.valid("param").id, c.req.valid("json")),
      ),
    )
    .put(
      "/api/conversations/:id/assignee",
      validate("param", Id),
      validate("json", AssigneeInput),
      async (c) =>
        reply(
          c,
          Conversation,
          await inbox.assign(c.get("workspaceId"), c.req.valid("param").id, c.req.valid("json").assigneeId),
        ),
    )
    .post("/api/conversations/:id/bot", validate("param", Id), validate("json", BotAction), async (c) =>
      reply(
        c,
        Conversation,
        await inbox.bot(c.get("workspaceId"), c.req.valid("param").id, c.req.valid("json")),
      ),
    )
    .get("/api/inbox/templates", validate("query", TemplateQuery), async (c) =>
      reply(c, MessageTemplateList, {
        templates: await templates.list(c.get("workspaceId"), c.req.valid("query")),
      }),
    )
    .post("/api/inbox/templates", validate("json", TemplateInput), async (c) =>
      reply(c, MessageTemplate, await templates.create(c.get("workspaceId"), c.req.valid("json")), 201),
    )
    .put("/api/inbox/templates/:id", validate("param", Id), validate("json", TemplateInput), async (c) =>
      reply(
        c,
        MessageTemplate,
        await templates.update(c.get("workspaceId"), c.req.valid("param").id, c.req.valid("json")),
      ),
    )
    .delete("/api/inbox/templates/:id", validate("param", Id), async (c) => {
      await templates.remove(c.get("workspaceId"), c.req.valid("param").id);
      return c.body(null, 204);
    })
    .post(
      "/api/conversations/:id/templates/:templateId/render",
      validate("param", z.object({ id: z.string().max(64), templateId: z.string().max(64) })),
      async (c) => {
        const { id, templateId } = c.req.valid("param");
        return reply(c, RenderedTemplate, await templates.render(c.get("workspaceId"), id, templateId));
      },
    )
    .get("/api/inbox/settings", async (c) =>
      reply(c, InboxSettings, await inbox.settings(c.get("workspaceId"))),
    )
    .put("/api/inbox/settings", validate("json", SettingsInput), async (c) =>
      reply(c, InboxSettings, await inbox.saveSettings(c.get("workspaceId"), c.req.valid("json"))),
    );
}
