import { Hono } from "hono";
import { z } from "zod";
import { validate } from "../http/validate.ts";
import type { SandboxContext } from "./context.ts";
import { PersonActions } from "./person-actions.ts";
import { DEMO } from "./seed.ts";

const Id = z.string().regex(/^\d+$/);
const AccountId = Id.default(DEMO.account.id);

const Dm = z.object({
  accountId: AccountId,
  text: z.string().min(1).max(10_000).optional(),
  quickReplyPayload: z.string().min(1).max(1000).optional(),
  replyToStoryId: Id.optional(),
  replyToMid: z.string().min(1).optional(),
  attachments: z
    .array(
      z.object({
        type: z.enum([
          "image",
          "video",
          "audio",
          "file",
          "share",
          "story_mention",
          "ig_reel",
          "reel",
          "ig_post",
        ]),
        url: z.string().url().optional(),
      }),
    )
    .max(10)
    .optional(),
  referral: z
    .object({ ref: z.string().min(1), source: z.string().optional(), type: z.string().optional() })
    .optional(),
});
const Comment = z.object({ mediaId: Id, text: z.string().min(1).max(2200), parentId: Id.optional() });
const StoryReply = z.object({ storyId: Id, text: z.string().min(1).max(1000) });
const StoryMention = z.object({ accountId: AccountId, url: z.string().url().optional() });
const Reaction = z.object({
  mid: z.string().min(1),
  action: z.enum(["react", "unreact"]).default("react"),
  reaction: z.string().optional(),
  emoji: z.string().optional(),
});
const Postback = z.object({ accountId: AccountId, title: z.string().min(1), payload: z.string().min(1) });
const Read = z.object({ accountId: AccountId, mid: z.string().optional() });
const Referral = z.object({
  accountId: AccountId,
  ref: z.string().min(1),
  source: z.string().optional(),
  type: z.string().optional(),
});
const Edit = z.object({ mid: z.string().min(1), text: z.string().min(1).max(1000) });
const Deletion = z.object({ mid: z.string().min(1) });

/** What a simulated person does: /control/people/:igsid/<action>. Each answers 201 with what was recorded. */
export function controlPeopleRoutes(ctx: SandboxContext) {
  const actions = new PersonActions(ctx);
  const app = new Hono();
  const now = () => ctx.moment();
  return app
    .post("/:igsid/messages", validate("json", Dm), async (c) =>
      c.json(await actions.dm(await now(), c.req.param("igsid"), c.req.valid("json")), 201),
    )
    .post("/:igsid/comments", validate("json", Comment), async (c) =>
      c.json(await actions.comment(await now(), c.req.param("igsid"), c.req.valid("json")), 201),
    )
    .post("/:igsid/story-replies", validate("json", StoryReply), async (c) =>
      c.json(await actions.storyReply(await now(), c.req.param("igsid"), c.req.valid("json")), 201),
    )
    .post("/:igsid/story-mentions", validate("json", StoryMention), async (c) =>
      c.json(await actions.storyMention(await now(), c.req.param("igsid"), c.req.valid("json")), 201),
    )
    .post("/:igsid/reactions", validate("json", Reaction), async (c) =>
      c.json(await actions.reaction(await now(), c.req.param("igsid"), c.req.valid("json")), 201),
    )
    .post("/:igsid/postbacks", validate("json", Postback), async (c) =>
      c.json(await actions.postback(await now(), c.req.param("igsid"), c.req.valid("json")), 201),
    )
    .post("/:igsid/reads", validate("json", Read), async (c) =>
      c.json(await actions.read(await now(), c.req.param("igsid"), c.req.valid("json")), 201),
    )
    .post("/:igsid/referrals", validate("json", Referral), async (c) =>
      c.json(await actions.referral(await now(), c.req.param("igsid"), c.req.valid("json")), 201),
    )
    .post("/:igsid/edits", validate("json", Edit), async (c) =>
      c.json(await actions.edit(await now(), c.req.param("igsid"), c.req.valid("json")), 201),
    )
    .post("/:igsid/deletions", validate("json", Deletion), async (c) =>
      c.json(await actions.deletion(await now(), c.req.param("igsid"), c.req.valid("json")), 201),
    );
}
