import type { Action, Button, MatchKind, QuickReply, TriggerType } from "../../../shared/automation.ts";

/** What the worker knows about the person when an event arrives. */
export interface ContactFacts {
  /** No earlier message from this person to this account (before this event). */
  isNew: boolean;
  /** This event is the first message ever from this person to this account. */
  isFirstMessage: boolean;
  tags: ReadonlySet<string>;
  /** `is_user_follow_business`; null when not looked up yet. */
  followsBusiness: boolean | null;
  /** Once-per-person keys already spent: automationId, or `${automationId}:${mediaId}` for comment triggers. */
  used: ReadonlySet<string>;
  /** A person took the conversation over (handover): no automation runs. */
  botPaused: boolean;
}

export interface EngineContext {
  now: Date;
  /** The workspace's time zone, for active hours without their own. */
  timeZone: string;
  /** The connected account's id (our uuid, what `automation.accountId` refers to). */
  accountUuid: string;
  /** Picks variations; defaults to Math.random. */
  random?: () => number;
}

type WithText<A, T extends string> = Omit<Extract<A, { type: T }>, "variations"> & { text: string };

/** An action with its variation picked: ready for the runner. */
export type ResolvedAction =
  | Exclude<Action, { type: "send_text" | "private_reply" | "public_reply" }>
  | WithText<Action, "send_text">
  | WithText<Action, "private_reply">
  | WithText<Action, "public_reply">;

export type { Button, QuickReply };

export type MissCode =
  | "not_automatable"
  | "echo"
  | "own_comment"
  | "bot_paused"
  | "no_trigger_matched"
  | "excluded_keyword"
  | "outside_active_hours"
  | "already_used"
  | "not_new_contact"
  | "missing_tag"
  | "has_excluded_tag"
  | "not_following"
  | "disabled"
  | "wrong_account";

export type MissReason = { code: MissCode; automationId?: string; detail?: string };

export type Decision =
  | {
      kind: "run";
      automationId: string;
      actions: ResolvedAction[];
      trigger: TriggerType;
      matched?: { keyword: string; match: MatchKind };
      /** Record it in `ContactFacts.used` once the actions ran (oncePerPerson). */
      onceKey?: string;
      /** mustFollow with `followsBusiness: null`: the runner checks the follow before acting. */
      needsFollowCheck?: true;
      /** `options.replyDelaySeconds` when above 0: wait that long before the first action. */
      replyDelaySeconds?: number;
    }
  | { kind: "miss"; reasons: MissReason[] };
