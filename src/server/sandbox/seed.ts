import type { Db } from "../db/database.ts";
import {
  sandboxAccounts,
  sandboxFacebookUsers,
  sandboxMedia,
  sandboxPages,
  sandboxPeople,
} from "../db/schema/index.ts";

/** Fixed ids, so tests and the dashboard's test phone can name them. */
export const DEMO = {
  facebookUserId: "10000000000000001",
  account: { id: "17841400000000001", username: "autodm_demo_shop", pageId: "100000000000001" },
  secondAccount: { id: "17841400000000002", username: "autodm_demo_cafe", pageId: "100000000000002" },
  pageWithoutInstagram: "100000000000003",
  media: {
    post1: "18000000000000001",
    post2: "18000000000000002",
    reel: "18000000000000003",
    story: "18000000000000004",
    cafePost: "18000000000000005",
  },
  people: {
    follower: "1000000000000001",
    nonFollower: "1000000000000002",
    closed: "1000000000000003",
  },
} as const;

/**
 * The default world, written idempotently (fixed ids, ON CONFLICT DO NOTHING): several
 * processes may seed at once. One Facebook user owns two Pages linked to two accounts (so
 * "choose a Page" is exercised) and a third Page without Instagram.
 */
export async function seedDefaults(db: Db, now: Date): Promise<void> {
  const day = 86_400_000;
  const ago = (days: number) => new Date(now.getTime() - days * day);
  await db
    .insert(sandboxFacebookUsers)
    .values({ id: DEMO.facebookUserId, name: "Demo Owner" })
    .onConflictDoNothing();
  await db
    .insert(sandboxAccounts)
    .values([
      { id: DEMO.account.id, username: DEMO.account.username, name: "autodm Demo Shop" },
      { id: DEMO.secondAccount.id, username: DEMO.secondAccount.username, name: "autodm Demo Café" },
    ])
    .onConflictDoNothing();
  await db
    .insert(sandboxPages)
    .values([
      {
        id: DEMO.account.pageId,
        name: "Demo Shop",
        facebookUserId: DEMO.facebookUserId,
        accountId: DEMO.account.id,
      },
      {
        id: DEMO.secondAccount.pageId,
        name: "Demo Café",
        facebookUserId: DEMO.facebookUserId,
        accountId: DEMO.secondAccount.id,
      },
      { id: DEMO.pageWithoutInstagram, name: "Demo Blog", facebookUserId: DEMO.facebookUserId },
    ])
    .onConflictDoNothing();
  await db
    .insert(sandboxMedia)
    .values([
      {
        id: DEMO.media.post1,
        accountId: DEMO.account.id,
        kind: "post",
        caption: "New drop! Comment PRICE",
        createdAt: ago(2),
      },
      {
        id: DEMO.media.post2,
        accountId: DEMO.account.id,
        kind: "post",
        caption: "Behind the scenes",
        createdAt: ago(1),
      },
      {
        id: DEMO.media.reel,
        accountId: DEMO.account.id,
        kind: "reel",
        caption: "How it's made",
        createdAt: ago(1),
      },
      { id: DEMO.media.story, accountId: DEMO.account.id, kind: "story", caption: "", createdAt: ago(0) },
      {
        id: DEMO.media.cafePost,
        accountId: DEMO.secondAccount.id,
        kind: "post",
        caption: "Menu",
        createdAt: ago(3),
      },
    ])
    .onConflictDoNothing();
  await db
    .insert(sandboxPeople)
    .values([
      {
        igsid: DEMO.people.follower,
        username: "jane_follows",
        name: "Jane Follower",
        followsBusiness: true,
        followerCount: 320,
      },
      { igsid: DEMO.people.nonFollower, username: "sam_browses", name: "Sam Stranger", followerCount: 45 },
      {
        igsid: DEMO.people.closed,
        username: "closed_dms",
        name: null,
        acceptsMessages: false,
        followerCount: 12000,
        isVerified: true,
      },
    ])
    .onConflictDoNothing();
}
