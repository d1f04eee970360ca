import { randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { sandboxComments, sandboxMessages } from "../db/schema/index.ts";
import { AppError, notFound } from "../errors.ts";
import type { Moment, SandboxContext } from "./context.ts";
import { directory, type PersonRow, PRODUCT_TYPE } from "./directory.ts";
import { enqueueEvent, recordThreadItem, type ThreadKind } from "./events.ts";
import { newCommentId, newMid } from "./ids.ts";

/** A fake CDN URL, as Meta's expire: tests must not depend on fetching it. */
const cdnUrl = (assetId: string) =>
  `https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=${assetId}&signature=sandbox`;
const eventRowId = () => `evt_${randomBytes(12).toString("base64url")}`;

export interface DmInput {
  accountId: string;
  text?: string;
  quickReplyPayload?: string;
  replyToStoryId?: string;
  replyToMid?: string;
  attachments?: { type: string; url?: string }[];
  referral?: { ref: string; source?: string; type?: string };
}

/**
 * What simulated people do (the test phone and tests drive these through /control): each
 * action is recorded in the thread and queued as the webhook Meta would send.
 */
export class PersonActions {
  constructor(private readonly ctx: SandboxContext) {}

  private async person(igsid: string): Promise<PersonRow> {
    const person = await directory.person(this.ctx.db, igsid);
    if (!person) throw notFound(`person ${igsid}`);
    return person;
  }

  private async account(accountId: string) {
    const account = await directory.account(this.ctx.db, accountId);
    if (!account) throw notFound(`account ${accountId}`);
    return account;
  }

  private async record(
    m: Moment,
    person: PersonRow,
    accountId: string,
    kind: ThreadKind,
    body: Record<string, unknown>,
    opts: { mid?: string; opensWindow?: boolean } = {},
  ) {
    const row = await recordThreadItem(this.ctx.db, this.ctx.logger, {
      mid: opts.mid ?? eventRowId(),
      accountId,
      personId: person.igsid,
      direction: "inbound",
      kind,
      body,
      source: "phone",
      opensWindow: opts.opensWindow ?? false,
      at: m.now,
    });
    return { mid: row.mid, seq: row.seq, createdAt: row.createdAt.toISOString() };
  }

  async dm(m: Moment, igsid: string, input: DmInput) {
    const person = await this.person(igsid);
    await this.account(input.accountId);
    const mid = newMid();
    const message: Record<string, unknown> = { mid };
    if (input.text !== undefined) message.text = input.text;
    if (input.quickReplyPayload) message.quick_reply = { payload: input.quickReplyPayload };
    if (input.replyToStoryId) {
      const story = await directory.media(this.ctx.db, input.replyToStoryId);
      if (story?.kind !== "story" || story.accountId !== input.accountId)
        throw notFound(`story ${input.replyToStoryId}`);
      message.reply_to = { story: { url: cdnUrl(story.id), id: story.id } };
    } else if (input.replyToMid) {
      message.reply_to = { mid: input.replyToMid };
    }
    if (input.attachments?.length) {
      message.attachments = input.attachments.map((a) => ({
        type: a.type,
        payload: { url: a.url ?? cdnUrl(randomBytes(6).toString("hex")) },
      }));
    }
    if (input.referral) {
      message.referral = { source: "ADS", type: "OPEN_THREAD", ...input.referral };
    }
    if (message.text === undefined && !message.attachments)
      throw new AppError("validation_failed", "a message needs text or attachments");
    return this.record(m, person, input.accountId, "message", { message }, { mid, opensWindow: true });
  }

  async comment(m: Moment, igsid: string, input: { mediaId: string; text: string; parentId?: string }) {
    const person = await this.person(igsid);
    const media = await directory.media(this.ctx.db, input.mediaId);
    if (!media) throw notFound(`media ${input.mediaId}`);
    if (input.parentId) {
      const parent = await directory.comment(this.ctx.db, input.parentId);
      if (!parent || parent.mediaId !== media.id) throw notFound(`comment ${input.parentId}`);
    }
    const id = newCommentId();
    await this.ctx.db.insert(sandboxComments).values({
      id,
      mediaId: media.id,
      accountId: media.accountId,
      personId: person.igsid,
      text: input.text,
      parentId: input.parentId ?? null,
      createdAt: m.now,
    });
    const queued = await enqueueEvent(this.ctx.db, this.ctx.logger, {
      accountId: media.accountId,
      field: media.kind === "live" ? "live_comments" : "comments",
      shape: "change",
      at: m.now,
      payload: {
        id,
        ...(input.parentId ? { parent_id: input.parentId } : {}),
        text: input.text,
        from: { id: person.igsid, username: person.username },
        media: { id: media.id, media_product_type: PRODUCT_TYPE[media.kind] },
      },
    });
    return { id, mediaId: media.id, accountId: media.accountId, queued };
  }

  storyReply(m: Moment, igsid: string, input: { storyId: string; text: string; accountId?: string }) {
    return this.storyOwner(input.storyId).then((accountId) =>
      this.dm(m, igsid, { accountId, text: input.text, replyToStoryId: input.storyId }),
    );
  }

  private async storyOwner(storyId: string): Promise<string> {
    const story = await directory.media(this.ctx.db, storyId);
    if (story?.kind !== "story") throw notFound(`story ${storyId}`);
    return story.accountId;
  }

  storyMention(m: Moment, igsid: string, input: { accountId: string; url?: string }) {
    return this.dm(m, igsid, {
      accountId: input.accountId,
      attachments: [{ type: "story_mention", ...(input.url ? { url: input.url } : {}) }],
    });
  }

  async reaction(
    m: Moment,
    igsid: string,
    input: { mid: string; action: "react" | "unreact"; reaction?: string; emoji?: string },
  ) {
    const person = await this.person(igsid);
    const target = await directory.message(this.ctx.db, input.mid);
    if (!target || target.personId !== person.igsid) throw notFound(`message ${input.mid}`);
    const reaction =
      input.action === "react"
        ? {
            mid: input.mid,
            action: "react",
            reaction: input.reaction ?? "love",
            emoji: input.emoji ?? "\u2764\ufe0f",
          }
        : { mid: input.mid, action: "unreact" };
    return this.record(m, person, target.accountId, "reaction", { reaction });
  }

  async postback(m: Moment, igsid: string, input: { accountId: string; title: string; payload: string }) {
    const person = await this.person(igsid);
    await this.account(input.accountId);
    const mid = newMid();
    return this.record(
      m,
      person,
      input.accountId,
      "postback",
      { postback: { mid, title: input.title, payload: input.payload } },
      { mid, opensWindow: true },
    );
  }

  async read(m: Moment, igsid: string, input: { accountId: string; mid?: string }) {
    const person = await this.person(igsid);
    let mid = input.mid;
    if (!mid) {
      const [last] = await this.ctx.db
        .select({ mid: sandboxMessages.mid })
        .from(sandboxMessages)
        .where(
          and(
            eq(sandboxMessages.accountId, input.accountId),
            eq(sandboxMessages.personId, igsid),
            eq(sandboxMessages.direction, "outbound"),
          ),
        )
        .orderBy(desc(sandboxMessages.seq))
        .limit(1);
      if (!last) throw notFound("an outbound message to mark as read");
      mid = last.mid;
    }
    return this.record(m, person, input.accountId, "read", { read: { mid } });
  }

  async referral(
    m: Moment,
    igsid: string,
    input: { accountId: string; ref: string; source?: string; type?: string },
  ) {
    const person = await this.person(igsid);
    await this.account(input.accountId);
    const referral = {
      ref: input.ref,
      source: input.source ?? "IGME_SOURCE_LINK",
      type: input.type ?? "OPEN_THREAD",
    };
    return this.record(m, person, input.accountId, "referral", { referral });
  }

  async edit(m: Moment, igsid: string, input: { mid: string; text: string }) {
    const person = await this.person(igsid);
    const target = await directory.message(this.ctx.db, input.mid);
    if (!target || target.personId !== igsid || target.direction !== "inbound")
      throw notFound(`message ${input.mid}`);
    const original = (target.body.message ?? {}) as Record<string, unknown>;
    const numEdit = Number(original.num_edit ?? 0) + 1;
    await this.ctx.db
      .update(sandboxMessages)
      .set({ body: { ...target.body, message: { ...original, text: input.text, num_edit: numEdit } } })
      .where(eq(sandboxMessages.mid, input.mid));
    return this.record(m, person, target.accountId, "edit", {
      message_edit: { mid: input.mid, text: input.text, num_edit: numEdit },
    });
  }

  async deletion(m: Moment, igsid: string, input: { mid: string }) {
    const person = await this.person(igsid);
    const target = await directory.message(this.ctx.db, input.mid);
    if (!target || target.personId !== igsid || target.direction !== "inbound")
      throw notFound(`message ${input.mid}`);
    await this.ctx.db
      .update(sandboxMessages)
      .set({ body: { message: { mid: input.mid, is_deleted: true } } })
      .where(eq(sandboxMessages.mid, input.mid));
    return this.record(m, person, target.accountId, "message", {
      message: { mid: input.mid, is_deleted: true },
    });
  }
}
