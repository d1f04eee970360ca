import { sql } from "drizzle-orm";
import type { ActivityInsert, ActivityLog } from "../activity/activity-log.ts";
import { continueAiConversation } from "../ai/ai-continuation.ts";
import { decide } from "../automations/engine/decide.ts";
import type { ContactFacts, Decision } from "../automations/engine/decision.ts";
import type { EngineCache } from "../automations/engine-cache.ts";
import type { Runner, RunResult } from "../automations/runner.ts";
import type { RunRow, RunsRepo } from "../automations/runs-repo.ts";
import { type ContactRow, type ContactsRepo, WINDOW_MS } from "../conversations/contacts-repo.ts";
import { echoThreadCtes, inboundThreadCtes } from "../conversations/thread-writes.ts";
import type { Db } from "../db/database.ts";
import type { InboundRow } from "../ingest/inbound-events-repo.ts";
import type { AccountGraph } from "../instagram/account-graph.ts";
import type { AccountRow, AccountsRepo } from "../instagram/accounts-repo.ts";
import { GraphError } from "../instagram/graph-error.ts";
import { AUTOMATABLE_KINDS, type InboundEvent, WINDOW_OPENING_KINDS } from "../instagram/inbound-event.ts";
import type { OutboundRepo } from "../messaging/outbound-repo.ts";
import type { Sender } from "../messaging/sender.ts";
import type { Logger } from "../observability/logger.ts";
import type { ParkedEventsRepo, ReadyParked } from "./parked-events-repo.ts";
import { activityOfFinishedRun, activityOfRun, latencyMs } from "./run-activity.ts";

export type { InboundRow };

/**
 * What happens to one stored event, for each workspace that connected its account: the
 * contact and its window are updated, echoes are reconciled with our sends (or pause the bot
 * when a person answered by hand), then the engine decides and the runner acts. Every
 * automatable event leaves an activity row: what ran, or why nothing did.
 */
export class EventHandler {
  constructor(
    private readonly deps: {
      /** The inbox's thread writes (echo delivered, human take-over), one statement each. */
      db: Db;
      accounts: AccountsRepo;
      runs: RunsRepo;
      parked: ParkedEventsRepo;
      outbound: OutboundRepo;
      contacts: ContactsRepo;
      engine: EngineCache;
      runner: Runner;
      sender: Sender;
      activity: ActivityLog;
      graphs: AccountGraph;
      logger: Logger;
      timeZone: string;
      humanTakeoverPauseMs: number;
      now?: () => Date;
    },
  ) {}

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  async handle(row: InboundRow): Promise<void> {
    const event = row.event;
    const accounts = await this.deps.accounts.forWebhook(event.igAccountId);
    for (const account of accounts) await this.forAccount(account, event, row);
  }

  private async forAccount(account: AccountRow, event: InboundEvent, row: InboundRow) {
    if (event.personId === "") return; // a Facebook Login mention without a person: recorded only
    // The inbox's record of the event (message, read receipt, edit) rides on the contact upsert.
    const { contact, created } = await this.deps.contacts.upsertFromEvent(
      account,
      event,
      inboundThreadCtes(event, row.id),
    );
    if (event.isEcho) return this.onEcho(account, contact, event);
    if (!AUTOMATABLE_KINDS.has(event.kind) || event.isSelf) return;
    await this.automate(account, contact, created, event, row);
  }

  /**
   * A parked event whose account is connected again (the person's mailbox replays them, oldest
   * first): decided and run as it would have been, with the contact's facts of that moment.
   * Past Meta's reply window it is given up, and its activity row says so.
   */
  async replayParked({ parked, row, account }: ReadyParked): Promise<void> {
    const contact = await this.deps.contacts.byId(parked.contactId);
    if (!contact) return; // deleted since (the person asked for it): nothing to answer
    const event = row.event;
    if (pastReplyWindow(event, this.now())) {
      const existing = await this.deps.runs.forEvent(row.id, account.id);
      if (!existing) {
        await this.deps.activity.record({
          ...this.baseOf(account, contact, event, row),
          status: "failed",
          reason: "parked_past_window",
          detail: { parkedAt: parked.parkedAt.toISOString(), windowHours: WINDOW_MS / 3600_000 },
        });
        return;
      }
    }
    await this.automate(
      account,
      { ...contact, messageCount: parked.messageCount },
      parked.contactCreated,
      event,
      row,
    );
  }

  private baseOf(account: AccountRow, contact: ContactRow, event: InboundEvent, row: InboundRow) {
    return {
      workspaceId: account.workspaceId,
      accountId: account.id,
      contactId: contact.id,
      eventId: row.id,
      personId: event.personId,
      personUsername: contact.username,
      trigger: event.kind,
      incomingText: event.text ?? event.postback?.payload ?? event.quickReply?.payload ?? null,
    };
  }

  private async automate(
    account: AccountRow,
    contact: ContactRow,
    created: boolean,
    event: InboundEvent,
    row: InboundRow,
  ) {
    const started = this.now();
    const base = this.baseOf(account, contact, event, row);
    // A run for this event already exists: this is a retry after a crash; continue it.
    const existing = await this.deps.runs.forEvent(row.id, account.id);
    if (existing) {
      if (existing.status === "running")
        await this.continueRun(existing, account, contact, event, base, started);
      else if (existing.status === "done" || existing.status === "failed")
        await this.recordFinishedRun(existing, base);
      return;
    }

    if (account.status !== "connected") {
      // Parked, not dropped: replayed after the reconnect (see replayParked). Before, it was
      // skipped here and never answered (issue 19: 52 of 60 DMs lost after a token expired).
      await this.deps.parked.park({
        eventId: row.id,
        accountId: account.id,
        workspaceId: account.workspaceId,
        contactId: contact.id,
        igAccountId: row.igAccountId,
        personId: row.personId,
        contactCreated: created,
        messageCount: contact.messageCount,
      });
      await this.deps.activity.record({ ...base, status: "pending", reason: "account_not_connected" });
      return;
    }
    const automations = await this.deps.engine.automations(account.workspaceId);
    const decided: Decision = decide(event, automations, this.facts(contact, created, event), {
      now: started,
      timeZone: this.deps.timeZone,
      accountUuid: account.id,
    });
    // ── AI conversations: a follow-up nothing more specific took goes on with the AI (src/server/ai).
    const decision =
      continueAiConversation(decided, event, contact, automations, {
        now: started,
        accountUuid: account.id,
      }) ?? decided;
    if (decision.kind === "miss") {
      const reason = decision.reasons[0];
      await this.deps.activity.record({
        ...base,
        automationId: reason?.automationId ?? null,
        status: "skipped",
        reason: reason?.code ?? "no_trigger_matched",
        detail: { reasons: decision.reasons },
        latencyMs: latencyMs(this.now().getTime(), event.timestamp),
      });
      return;
    }

    if (decision.needsFollowCheck && !(await this.follows(account, contact))) {
      await this.deps.activity.record({
        ...base,
        automationId: decision.automationId,
        status: "skipped",
        reason: "not_following",
      });
      return;
    }
    // The automation's reply delay is a wait before its first action.
    const actions = decision.replyDelaySeconds
      ? [{ type: "delay" as const, seconds: decision.replyDelaySeconds }, ...decision.actions]
      : decision.actions;
    const run = await this.deps.runs.create({
      workspaceId: account.workspaceId,
      accountId: account.id,
      contactId: contact.id,
      eventId: row.id,
      automationId: decision.automationId,
      actions,
    });
    if (!run) return; // another worker created it in between: it owns the run
    if (decision.onceKey) await this.deps.contacts.markUsed(contact.id, decision.onceKey);
    await this.deps.activity.record({ ...base, automationId: decision.automationId, status: "pending" });
    await this.continueRun(run, account, contact, event, base, started);
  }

  async continueRun(
    run: RunRow,
    account: AccountRow,
    contact: ContactRow,
    event: InboundEvent,
    base: Omit<ActivityInsert, "status">,
    started: Date,
  ) {
    const result: RunResult = await this.deps.runner.execute(run, {
      workspaceId: account.workspaceId,
      accountId: account.id,
      contact,
      event,
      graph: this.deps.graphs.client(account.loginType),
      graphAccount: this.deps.graphs.account(account),
    });
    await this.deps.activity.record({
      ...base,
      automationId: run.automationId,
      ...activityOfRun(result),
      latencyMs: latencyMs(this.now().getTime(), Math.min(started.getTime(), event.timestamp)),
    });
  }

  /**
   * A crash after the runner marked the run done/failed but before its activity row was
   * updated left that row "pending" for ever, though the reply had gone out (seen in the
   * SIGKILL burst test: a few rows per kill). The retry rebuilds the row from what was sent.
   */
  private async recordFinishedRun(run: RunRow, base: Omit<ActivityInsert, "status">) {
    const status = await this.deps.activity.statusOf(run.eventId, run.accountId);
    if (status && status !== "pending") return;
    const sends = await this.deps.outbound.forRun(run.id);
    await this.deps.activity.record({
      ...base,
      automationId: run.automationId,
      ...activityOfFinishedRun(run.status === "done", sends),
    });
  }

  /**
   * The mailbox set this event aside after its last try: its runs still `running` fail, and
   * its activity rows still `pending` say so. (Before, they stayed "pending" for ever, so the
   * dashboard showed work in progress that nothing would ever finish.) Parked and waiting runs
   * are left alone: their resume is scheduled and owns them.
   */
  async giveUp(row: InboundRow, reason: string): Promise<void> {
    const accountIds = await this.deps.runs.failRunning(row.id);
    if (accountIds.length === 0) return; // no run was left mid-way: no row says "pending" for it
    await this.deps.activity.failPending(row.id, accountIds, reason);
  }

  /** A parked event whose replay kept failing: its run (if any) and its activity row fail. */
  async giveUpParked({ row, account }: ReadyParked, reason: string): Promise<void> {
    await this.deps.runs.failRunning(row.id);
    await this.deps.activity.failPending(row.id, [account.id], reason);
  }

  /**
   * The follow gate: asks Meta whether the person follows the account (`is_user_follow_business`)
   * and remembers the answer on the contact. A profile Meta will not show (no consent yet)
   * counts as not following.
   */
  private async follows(account: AccountRow, contact: ContactRow): Promise<boolean> {
    try {
      const profile = await this.deps.graphs
        .client(account.loginType)
        .getUserProfile(this.deps.graphs.account(account), contact.igsid);
      const follows = profile.is_user_follow_business === true;
      await this.deps.contacts.setFollows(contact.id, follows);
      return follows;
    } catch (err) {
      if (err instanceof GraphError && err.errorClass === "permanent") return false;
      throw err;
    }
  }

  private facts(contact: ContactRow, created: boolean, event: InboundEvent): ContactFacts {
    const paused = contact.botPausedUntil !== null && contact.botPausedUntil.getTime() > this.now().getTime();
    return {
      isNew: created || contact.messageCount <= (event.kind === "comment" ? 0 : 1),
      isFirstMessage: contact.messageCount === 1 && event.kind !== "comment" && event.kind !== "live_comment",
      tags: new Set(contact.tags),
      followsBusiness: contact.followsBusiness,
      used: new Set(contact.usedAutomations),
      botPaused: paused,
    };
  }

  /**
   * The business sent something. Ours (the Send API answered with this mid, or an intent with
   * the same text is in flight) → reconcile the intent. Otherwise a person answered by hand
   * from the Instagram app → automations pause in this thread for a while.
   */
  private async onEcho(account: AccountRow, contact: ContactRow, event: InboundEvent) {
    const ours = await this.deps.outbound.echoed(account.id, event);
    if (ours) {
      if (ours.status === "sending") {
        await this.deps.sender.markSent(ours.id, event.messageId ?? null, "echo", new Date(event.timestamp));
      } else {
        // The echo shows our message is in the thread: delivered (Instagram sends no other receipt).
        await this.deps.db.execute(sql`update autodm.messages set status = 'delivered'
          where outbound_id = ${ours.id} and status in ('pending', 'sent')`);
      }
      return;
    }
    // A person answered from the Instagram app: recorded in the thread, and the bot pauses
    // (the workspace's minutes, else the server's default; a hand-over stays a hand-over).
    const thread = echoThreadCtes(event);
    const pause =
      this.deps.humanTakeoverPauseMs > 0
        ? sql`p as (update autodm.contacts k set bot_paused_until = greatest(k.bot_paused_until,
            ${this.now().toISOString()}::timestamptz + make_interval(mins => coalesce((select s.bot_pause_minutes
              from autodm.workspace_settings s where s.workspace_id = k.workspace_id),
              ${Math.round(this.deps.humanTakeoverPauseMs / 60_000)}::int)))
          from c where k.id = c.id)`
        : undefined;
    const ctes = [thread, pause].filter((x): x is NonNullable<typeof x> => x !== undefined);
    if (ctes.length === 0) return;
    await this.deps.db.execute(sql`with c as (select id, workspace_id, account_id from autodm.contacts
        where id = ${contact.id}), ${sql.join(ctes, sql`, `)} select 1`);
    if (pause)
      this.deps.logger.info({ accountId: account.id, contactId: contact.id }, "conversation.human-takeover");
  }
}

/**
 * A message, postback or quick reply can be answered only within 24 hours of it (META_PLATFORM.md
 * §3); a comment's own limits (a private reply within 7 days) are the runner's to check.
 */
function pastReplyWindow(event: InboundEvent, now: Date): boolean {
  return WINDOW_OPENING_KINDS.has(event.kind) && now.getTime() - event.timestamp >= WINDOW_MS;
}
