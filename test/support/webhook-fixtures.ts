/**
 * Realistic webhook bodies for every event of META_PLATFORM.md §2, in every form autodm accepts.
 * Shared by the normalizer's unit tests and the receiver's integration tests (which sign and
 * POST them): keep them JSON-serializable and shaped exactly like Meta's examples.
 */

export const FIXTURE_IDS = {
  /** The connected Instagram professional account (`user_id` from /me, webhooks' `entry[].id`). */
  account: "17841405822304914",
  /** A second connected account, for batches spanning accounts. */
  otherAccount: "17841400008460056",
  /** The Facebook Page linked to `account` (Facebook Login; `entry[].id` for `object:"page"`). */
  page: "106537204200716",
  /** A person (IGSID) writing to the account. */
  person: "1254459154682919",
  otherPerson: "6942180935814373",
  story: "18024736957048851",
  media: "17895695668004550",
  adMedia: "17912345678901234",
  ad: "23851234567890123",
  comment: "17870913679156914",
  parentComment: "17858893269000001",
} as const;

/** Messaging timestamps are milliseconds. */
export const FIXTURE_MS = 1_718_000_000_000;
/** `changes` entry times are seconds. */
export const FIXTURE_S = 1_718_000_000;

const CDN = "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=17947328734123456&signature=AbzX9qLm-Rt2";
const STORY_CDN =
  "https://scontent-cdg4-1.cdninstagram.com/v/t51.29350-15/447718370_1.jpg?stp=dst-jpg_e35&_nc_ht=scontent&oh=00_AYA&oe=6668E1F2";

/** A message id shaped like Meta's (`aWdf…`: base64url of an item locator); distinct per label. */
export function fixtureMid(label: string): string {
  const locator = `ig_message_item:1:IGMessageID:${FIXTURE_IDS.account}:${label}`;
  return Buffer.from(locator).toString("base64url");
}

export interface MessagingItemOptions {
  sender?: string;
  recipient?: string;
  timestamp?: number;
}

/** One `messaging[]` item: the person → the account, unless overridden. */
export function messagingItem(body: Record<string, unknown>, opts: MessagingItemOptions = {}) {
  return {
    sender: { id: opts.sender ?? FIXTURE_IDS.person },
    recipient: { id: opts.recipient ?? FIXTURE_IDS.account },
    timestamp: opts.timestamp ?? FIXTURE_MS,
    ...body,
  };
}

/** `{"object":"instagram","entry":[{"id","time"(ms),"messaging":[...]}]}` for one account. */
export function messagingBody(items: unknown[], opts: { object?: string; entryId?: string } = {}) {
  return {
    object: opts.object ?? "instagram",
    entry: [{ id: opts.entryId ?? FIXTURE_IDS.account, time: FIXTURE_MS + 500, messaging: items }],
  };
}

/** `{"object":"instagram","entry":[{"id","time"(s),"changes":[{field,value}]}]}`. */
export function changesBody(field: string, value: unknown, opts: { entryId?: string; object?: string } = {}) {
  return {
    object: opts.object ?? "instagram",
    entry: [{ id: opts.entryId ?? FIXTURE_IDS.account, time: FIXTURE_S, changes: [{ field, value }] }],
  };
}

/** The messaging event bodies of META_PLATFORM.md §2, one per line of its list (mids made realistic). */
export const messagingBodies = {
  text: { message: { mid: fixtureMid("text"), text: "hi" } },
  quickReply: { message: { mid: fixtureMid("quick-reply"), text: "Yes", quick_reply: { payload: "YES" } } },
  storyReply: {
    message: {
      mid: fixtureMid("story-reply"),
      text: "wow",
      reply_to: { story: { url: STORY_CDN, id: FIXTURE_IDS.story } },
    },
  },
  replyToMessage: {
    message: { mid: fixtureMid("reply"), text: "ok", reply_to: { mid: fixtureMid("text") } },
  },
  storyMention: {
    message: {
      mid: fixtureMid("story-mention"),
      attachments: [{ type: "story_mention", payload: { url: STORY_CDN } }],
    },
  },
  image: { message: { mid: fixtureMid("image"), attachments: [{ type: "image", payload: { url: CDN } }] } },
  deleted: { message: { mid: fixtureMid("text"), is_deleted: true } },
  unsupported: { message: { mid: fixtureMid("unsupported"), is_unsupported: true } },
  echo: { message: { mid: fixtureMid("echo"), text: "sent by the business", is_echo: true } },
  messageReferral: {
    message: {
      mid: fixtureMid("referral-message"),
      text: "hi",
      referral: { ref: "x", source: "ADS", type: "OPEN_THREAD" },
    },
  },
  postback: { postback: { mid: fixtureMid("postback"), title: "Talk to us", payload: "CARE_HELP" } },
  reaction: {
    reaction: { mid: fixtureMid("text"), action: "react", reaction: "love", emoji: "\u2764\ufe0f" },
  },
  unreaction: { reaction: { mid: fixtureMid("text"), action: "unreact" } },
  read: { read: { mid: fixtureMid("echo") } },
  referral: { referral: { ref: "promo42", source: "IGME_SOURCE_LINK", type: "OPEN_THREAD" } },
  edit: { message_edit: { mid: fixtureMid("text"), text: "edited", num_edit: 1 } },
} as const;

const ATTACHMENT_TYPES = [
  "audio",
  "file",
  "image",
  "video",
  "share",
  "ig_post",
  "story_mention",
  "ig_reel",
  "reel",
  "story",
  "ig_story",
] as const;

const commentValue = {
  id: FIXTURE_IDS.comment,
  text: "PRICE",
  from: { id: FIXTURE_IDS.person, username: "jane" },
  media: { id: FIXTURE_IDS.media, media_product_type: "FEED" },
};

const dashboardTestMessage = {
  sender: { id: "12334" },
  recipient: { id: "23245" },
  timestamp: "1527459824",
  message: { mid: "random_mid", text: "random_text" },
};

/** Every webhook body autodm must understand, ready to sign and POST. */
export const webhookFixtures = {
  // ── entry[].messaging[] (object "instagram"): one body per documented event ──
  text: messagingBody([messagingItem(messagingBodies.text)]),
  quickReply: messagingBody([messagingItem(messagingBodies.quickReply)]),
  storyReply: messagingBody([messagingItem(messagingBodies.storyReply)]),
  replyToMessage: messagingBody([messagingItem(messagingBodies.replyToMessage)]),
  storyMention: messagingBody([messagingItem(messagingBodies.storyMention)]),
  image: messagingBody([messagingItem(messagingBodies.image)]),
  deleted: messagingBody([messagingItem(messagingBodies.deleted)]),
  unsupported: messagingBody([messagingItem(messagingBodies.unsupported)]),
  /** Sent by the business: sender = the account, recipient = the person. */
  echo: messagingBody([
    messagingItem(messagingBodies.echo, { sender: FIXTURE_IDS.account, recipient: FIXTURE_IDS.person }),
  ]),
  messageReferral: messagingBody([messagingItem(messagingBodies.messageReferral)]),
  postback: messagingBody([messagingItem(messagingBodies.postback)]),
  reaction: messagingBody([messagingItem(messagingBodies.reaction, { timestamp: FIXTURE_MS + 10 })]),
  unreaction: messagingBody([messagingItem(messagingBodies.unreaction, { timestamp: FIXTURE_MS + 20 })]),
  read: messagingBody([messagingItem(messagingBodies.read)]),
  referral: messagingBody([messagingItem(messagingBodies.referral)]),
  edit: messagingBody([messagingItem(messagingBodies.edit, { timestamp: FIXTURE_MS + 30 })]),
  /** One message carrying every documented attachment type. */
  allAttachmentTypes: messagingBody([
    messagingItem({
      message: {
        mid: fixtureMid("attachments"),
        attachments: ATTACHMENT_TYPES.map((type, i) => ({ type, payload: { url: `${CDN}&n=${i}` } })),
      },
    }),
  ]),

  // ── other messaging forms ──
  /** `entry[].standby[]`: another app holds the thread. */
  standby: {
    object: "instagram",
    entry: [
      {
        id: FIXTURE_IDS.account,
        time: FIXTURE_MS + 500,
        standby: [messagingItem({ message: { mid: fixtureMid("standby"), text: "anyone there?" } })],
      },
    ],
  },
  /** Two accounts × three messaging items each in one POST. */
  batched: {
    object: "instagram",
    entry: [FIXTURE_IDS.account, FIXTURE_IDS.otherAccount].map((account, e) => ({
      id: account,
      time: FIXTURE_MS + 1000 * e,
      messaging: [0, 1, 2].map((n) =>
        messagingItem(
          { message: { mid: fixtureMid(`batch-${e}-${n}`), text: `message ${n}` } },
          {
            recipient: account,
            sender: n === 2 ? FIXTURE_IDS.otherPerson : FIXTURE_IDS.person,
            timestamp: FIXTURE_MS + n,
          },
        ),
      ),
    })),
  },
  /** Facebook Login (Page traffic): `entry[].id` is the Page, the IG account is the recipient. */
  pageObject: messagingBody(
    [messagingItem({ message: { mid: fixtureMid("page"), text: "hello from fb login" } })],
    {
      object: "page",
      entryId: FIXTURE_IDS.page,
    },
  ),
  /** Facebook Login echo: the IG account is the sender. */
  pageObjectEcho: messagingBody(
    [
      messagingItem(
        { message: { mid: fixtureMid("page-echo"), text: "replied from the app", is_echo: true } },
        { sender: FIXTURE_IDS.account, recipient: FIXTURE_IDS.person },
      ),
    ],
    { object: "page", entryId: FIXTURE_IDS.page },
  ),
  /** The app dashboard's "Test" button for the `messages` field (timestamp: seconds, as a string). */
  dashboardTest: {
    object: "instagram",
    entry: [{ id: "0", time: FIXTURE_S, changes: [{ field: "messages", value: dashboardTestMessage }] }],
  },

  // ── field events ──
  comment: changesBody("comments", { ...commentValue, parent_id: FIXTURE_IDS.parentComment }),
  liveComment: changesBody("live_comments", {
    ...commentValue,
    id: "17999123456789012",
    text: "LINK",
    media: { id: "17811122233344455", media_product_type: "LIVE" },
  }),
  /** Facebook-Login example: `comment_id` instead of `id`. */
  commentFacebookLogin: changesBody(
    "comments",
    {
      comment_id: "17865799348089039",
      text: "price?",
      from: { id: FIXTURE_IDS.otherPerson, username: "sam" },
      media: { id: FIXTURE_IDS.media, media_product_type: "REELS" },
    },
    { object: "page", entryId: FIXTURE_IDS.account },
  ),
  /** A comment on an ad: `media.ad_id`, `ad_title`, `original_media_id`. */
  adComment: changesBody("comments", {
    id: "17933344455566677",
    text: "PRICE",
    from: { id: FIXTURE_IDS.person, username: "jane" },
    media: {
      id: FIXTURE_IDS.adMedia,
      media_product_type: "FEED",
      ad_id: FIXTURE_IDS.ad,
      ad_title: "Summer sale",
      original_media_id: FIXTURE_IDS.media,
    },
  }),
  /** The account's own reply, delivered back as a comment. */
  ownComment: changesBody("comments", {
    id: "17844455566677788",
    parent_id: FIXTURE_IDS.comment,
    text: "Sent you a DM!",
    from: { id: FIXTURE_IDS.account, username: "acme.shop" },
    media: { id: FIXTURE_IDS.media, media_product_type: "FEED" },
  }),
  /** `field`/`value` directly on the entry (unconfirmed reading). */
  flatComment: {
    object: "instagram",
    entry: [
      {
        id: FIXTURE_IDS.account,
        time: FIXTURE_S,
        field: "comments",
        value: { ...commentValue, id: "17877788899900011", text: "info" },
      },
    ],
  },
  /** Facebook Login: an @mention in a comment. */
  mentionInComment: changesBody("mentions", { comment_id: "17888899900011122", media_id: FIXTURE_IDS.media }),
  /** Facebook Login: an @mention in a caption (no comment). */
  mentionInCaption: changesBody("mentions", { media_id: "17899900011122233" }),
} as const;

export type WebhookFixtureName = keyof typeof webhookFixtures;
