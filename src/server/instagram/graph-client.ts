import type { MetaConfig } from "../config.ts";
import { type GraphHttpOptions, graphRequest } from "./graph-http.ts";
import {
  ConversationMessagesAnswer,
  ConversationsAnswer,
  IdAnswer,
  MediaListAnswer,
  MessageAnswer,
  SendAnswer,
  SubscribedAppsAnswer,
  SuccessAnswer,
  UserProfileAnswer,
} from "./graph-schemas.ts";
import type { GraphUsage } from "./graph-usage.ts";
import { checkMessageLimits, type OutgoingMessage, toGraphMessage } from "./outgoing-message.ts";

/** Who is calling: enough to choose the host, the path and the token. */
export interface GraphAccount {
  /** "sandbox" accounts speak the Instagram Login protocol to the sandbox's hosts. */
  loginType: "instagram" | "facebook" | "sandbox";
  igUserId: string;
  pageId?: string | null;
  /** Plaintext, decrypted just for the call. */
  token: string;
}

export type Recipient = { id: string } | { commentId: string };
export type SenderAction = "typing_on" | "typing_off" | "mark_seen";

/**
 * The fields autodm subscribes to (META_PLATFORM.md §1a): every field the normalizer handles
 * (normalize-change.ts NORMALIZED_FIELDS; echoes arrive within `messages`), so no trigger waits
 * on events that are never sent.
 */
export const WEBHOOK_FIELDS = [
  "messages",
  "messaging_postbacks",
  "messaging_seen",
  "messaging_referral",
  "message_reactions",
  "message_edit",
  "standby",
  "comments",
  "live_comments",
  "mentions",
] as const;

export const PROFILE_FIELDS =
  "name,username,profile_pic,follower_count,is_user_follow_business,is_business_follow_user,is_verified_user";

export interface SendResult {
  recipientId: string | undefined;
  messageId: string;
}

/**
 * The Graph API operations autodm performs for a connected account. Instagram Login accounts
 * call the Instagram host with the account id; Facebook Login accounts call the Facebook host
 * with the Page id and Page token (posting to the IG id fails there with "(#3)").
 */
export class GraphClient {
  private readonly http: GraphHttpOptions;

  constructor(
    private readonly meta: MetaConfig,
    onUsage?: (usage: GraphUsage, url: string) => void,
  ) {
    this.http = { timeoutMs: meta.timeoutMs, ...(onUsage ? { onUsage } : {}) };
  }

  private base(account: GraphAccount) {
    const host = account.loginType === "facebook" ? this.meta.facebookGraphUrl : this.meta.instagramGraphUrl;
    return `${host}/${this.meta.graphVersion}`;
  }

  /** The node messages are sent from: the Page (Facebook Login) or the account. */
  private sender(account: GraphAccount) {
    if (account.loginType === "facebook") {
      if (!account.pageId) throw new Error("a Facebook Login account needs its Page id to send");
      return account.pageId;
    }
    return account.igUserId;
  }

  private subscriptionNode(account: GraphAccount) {
    return account.loginType === "facebook" ? (account.pageId as string) : "me";
  }

  async send(
    account: GraphAccount,
    recipient: Recipient,
    message: OutgoingMessage,
    options: { humanAgent?: boolean } = {},
  ): Promise<SendResult> {
    checkMessageLimits(message);
    const body: Record<string, unknown> = {
      recipient: "commentId" in recipient ? { comment_id: recipient.commentId } : { id: recipient.id },
      message: toGraphMessage(message),
    };
    if (options.humanAgent) {
      body.messaging_type = "MESSAGE_TAG";
      body.tag = "HUMAN_AGENT";
    }
    const answer = await graphRequest(this.http, {
      method: "POST",
      url: `${this.base(account)}/${this.sender(account)}/messages`,
      token: account.token,
      json: body,
      schema: SendAnswer,
    });
    return { recipientId: answer.recipient_id, messageId: answer.message_id };
  }

  /** A private reply: one per comment, within 7 days; it does not open the 24-hour window. */
  privateReply(account: GraphAccount, commentId: string, message: OutgoingMessage) {
    return this.send(account, { commentId }, message);
  }

  async senderAction(account: GraphAccount, recipientId: string, action: SenderAction) {
    await graphRequest(this.http, {
      method: "POST",
      url: `${this.base(account)}/${this.sender(account)}/messages`,
      token: account.token,
      json: { recipient: { id: recipientId }, sender_action: action },
      schema: SendAnswer.partial(),
    });
  }

  async react(account: GraphAccount, recipientId: string, messageId: string, reaction = "love") {
    await graphRequest(this.http, {
      method: "POST",
      url: `${this.base(account)}/${this.sender(account)}/messages`,
      token: account.token,
      json: {
        recipient: { id: recipientId },
        sender_action: "react",
        payload: { message_id: messageId, reaction },
      },
      schema: SendAnswer.partial(),
    });
  }

  /** A public reply under a top-level comment. */
  async publicReply(account: GraphAccount, commentId: string, text: string): Promise<{ id: string }> {
    checkMessageLimits({ kind: "text", text });
    return graphRequest(this.http, {
      method: "POST",
      url: `${this.base(account)}/${encodeURIComponent(commentId)}/replies`,
      query: { message: text },
      token: account.token,
      schema: IdAnswer,
    });
  }

  async subscribeWebhooks(
    account: GraphAccount,
    fields: readonly string[] = WEBHOOK_FIELDS,
  ): Promise<boolean> {
    const answer = await graphRequest(this.http, {
      method: "POST",
      url: `${this.base(account)}/${this.subscriptionNode(account)}/subscribed_apps`,
      query: { subscribed_fields: fields.join(",") },
      token: account.token,
      schema: SuccessAnswer,
    });
    return answer.success;
  }

  async listSubscriptions(account: GraphAccount): Promise<string[]> {
    const answer = await graphRequest(this.http, {
      method: "GET",
      url: `${this.base(account)}/${this.subscriptionNode(account)}/subscribed_apps`,
      token: account.token,
      schema: SubscribedAppsAnswer,
    });
    return answer.data.flatMap((d) => d.subscribed_fields ?? []);
  }

  async unsubscribeWebhooks(account: GraphAccount): Promise<boolean> {
    const answer = await graphRequest(this.http, {
      method: "DELETE",
      url: `${this.base(account)}/${this.subscriptionNode(account)}/subscribed_apps`,
      token: account.token,
      schema: SuccessAnswer,
    });
    return answer.success;
  }

  /** Needs the person's consent (they messaged the account); may be refused otherwise. */
  getUserProfile(account: GraphAccount, igsid: string) {
    return graphRequest(this.http, {
      method: "GET",
      url: `${this.base(account)}/${encodeURIComponent(igsid)}`,
      query: { fields: PROFILE_FIELDS },
      token: account.token,
      schema: UserProfileAnswer,
    });
  }

  /** The account's posts and reels (the media edge is on the Instagram account id on both hosts). */
  listMedia(account: GraphAccount, options: { limit?: number } = {}) {
    return this.mediaEdge(account, "media", options.limit ?? 50);
  }

  /** The account's current stories. */
  listStories(account: GraphAccount) {
    return this.mediaEdge(account, "stories", 50);
  }

  private mediaEdge(account: GraphAccount, edge: "media" | "stories", limit: number) {
    return graphRequest(this.http, {
      method: "GET",
      url: `${this.base(account)}/${encodeURIComponent(account.igUserId)}/${edge}`,
      query: { fields: "id,caption,media_type,media_product_type,timestamp,permalink", limit: String(limit) },
      token: account.token,
      schema: MediaListAnswer,
    });
  }

  listConversations(account: GraphAccount, options: { after?: string; userId?: string } = {}) {
    return graphRequest(this.http, {
      method: "GET",
      url: `${this.base(account)}/${this.sender(account)}/conversations`,
      query: { platform: "instagram", after: options.after, user_id: options.userId },
      token: account.token,
      schema: ConversationsAnswer,
    });
  }

  getConversationMessages(account: GraphAccount, conversationId: string) {
    return graphRequest(this.http, {
      method: "GET",
      url: `${this.base(account)}/${encodeURIComponent(conversationId)}`,
      query: { fields: "messages" },
      token: account.token,
      schema: ConversationMessagesAnswer,
    });
  }

  getMessage(account: GraphAccount, messageId: string) {
    return graphRequest(this.http, {
      method: "GET",
      url: `${this.base(account)}/${encodeURIComponent(messageId)}`,
      query: { fields: "id,created_time,from,to,message" },
      token: account.token,
      schema: MessageAnswer,
    });
  }
}
