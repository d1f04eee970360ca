import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import {
  sandboxAccounts,
  sandboxComments,
  sandboxMedia,
  sandboxMessages,
  sandboxPages,
  sandboxPeople,
} from "../db/schema/index.ts";

export type AccountRow = typeof sandboxAccounts.$inferSelect;
export type PageRow = typeof sandboxPages.$inferSelect;
export type PersonRow = typeof sandboxPeople.$inferSelect;
export type MediaRow = typeof sandboxMedia.$inferSelect;
export type CommentRow = typeof sandboxComments.$inferSelect;
export type MessageRow = typeof sandboxMessages.$inferSelect;

/** Lookups of the simulated world; each returns undefined when absent. */
export const directory = {
  async account(db: Db, id: string): Promise<AccountRow | undefined> {
    const [row] = await db.select().from(sandboxAccounts).where(eq(sandboxAccounts.id, id));
    return row;
  },
  async page(db: Db, id: string): Promise<PageRow | undefined> {
    const [row] = await db.select().from(sandboxPages).where(eq(sandboxPages.id, id));
    return row;
  },
  async pageOfAccount(db: Db, accountId: string): Promise<PageRow | undefined> {
    const [row] = await db.select().from(sandboxPages).where(eq(sandboxPages.accountId, accountId));
    return row;
  },
  async person(db: Db, igsid: string): Promise<PersonRow | undefined> {
    const [row] = await db.select().from(sandboxPeople).where(eq(sandboxPeople.igsid, igsid));
    return row;
  },
  async media(db: Db, id: string): Promise<MediaRow | undefined> {
    const [row] = await db.select().from(sandboxMedia).where(eq(sandboxMedia.id, id));
    return row;
  },
  async comment(db: Db, id: string): Promise<CommentRow | undefined> {
    const [row] = await db.select().from(sandboxComments).where(eq(sandboxComments.id, id));
    return row;
  },
  async message(db: Db, mid: string): Promise<MessageRow | undefined> {
    const [row] = await db.select().from(sandboxMessages).where(eq(sandboxMessages.mid, mid));
    return row;
  },
  /** The person's last window-opening message to the account (DM, story reply, postback). */
  async lastOpener(db: Db, accountId: string, personId: string): Promise<MessageRow | undefined> {
    const [row] = await db
      .select()
      .from(sandboxMessages)
      .where(
        and(
          eq(sandboxMessages.accountId, accountId),
          eq(sandboxMessages.personId, personId),
          eq(sandboxMessages.opensWindow, true),
        ),
      )
      .orderBy(desc(sandboxMessages.createdAt))
      .limit(1);
    return row;
  },
};

/** Meta's media_product_type for each kind. */
export const PRODUCT_TYPE: Record<MediaRow["kind"], string> = {
  post: "FEED",
  reel: "REELS",
  story: "STORY",
  live: "LIVE",
};
