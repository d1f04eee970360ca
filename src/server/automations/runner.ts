import { setTimeout as sleep } from "node:timers/promises";
import type { AiNote, AiResponder } from "../ai/ai-reply-service.ts";
import { type ContactRow, type ContactsRepo, windowOpen } from "../conversations/contacts-repo.ts";
import type { AccountsRepo } from "../instagram/accounts-repo.ts";
import type { GraphAccount, GraphClient } from "../instagram/graph-client.ts";
import { GraphError } from "../instagram/graph-error.ts";
import type { InboundEvent } from "../instagram/inbound-event.ts";
import type { OutgoingMessage } from "../instagram/outgoing-message.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import type { LeadsService } from "../leads/leads-service.ts";
import type { CircuitBreaker } from "../messaging/circuit-breaker.ts";
import type { SendBucket, SendPacer } from "../messaging/send-pacer.ts";
import type { Sender } from "../messaging/sender.ts";
import type { Logger } from "../observability/logger.ts";
import type { ResolvedAction } from "./engine/decision.ts";
import type { NewRun, RunRow, RunsRepo } from "./runs-repo.ts";

/** Meta's limit: a private reply within 7 days of the comment (META_PLATFORM.md §3). */
const PRIVATE_REPLY_MS = 7 * 86_400_000;
/** How long a run parks on a rate limit, unless the deps say otherwise (RATE_LIMIT_BACKOFF_MS). */
const RATE_LIMIT_BACKOFF_MS = 60_000;
/** Waits for the send budget up to this long in place; longer ones park the run. */
const MAX_PACING_WAIT_MS = 2_000;

export interface RunTarget {
  workspaceId: string;
  accountId: string;
  contact: ContactRow;
  event: InboundEvent;
  graph: GraphClient;
  graphAccount: GraphAccount;
}

export interface ActionNote {
  action: ResolvedAction["type"];
  outcome: "done" | "skipped" | "failed";
  reason?: string;
  /** AI replies: provider, outcome (answer, offline, fallback, hand-over) and tokens. */
  ai?: AiNote;
}

export type RunResult =
  | { status: "done" | "waiting" | "parked"; responses: string[]; notes: ActionNote[] }
  | { status: "failed"; responses: string[]; notes: ActionNote[]; error: GraphError | null; reason: string };

function messageFor(
  action: Extract<ResolvedAction, { type: "send_text" | "private_reply" }>,
): OutgoingMessage {
  if (action.buttons?.length) return { kind: "buttons", text: action.text, buttons: action.buttons };
  return {
    kind: "text",
    text: action.text,
    ...(action.quickReplies?.length ? { quickReplies: action.quickReplies } : {}),
  };
}

/**
 * Carries out a decision's actions in order, persisting progress after each, so a retry or a
 * resume continues where the run stopped (sends themselves are exactly-once in the Sender).
 * Automated messages go out only inside the 24-hour window; a private reply only within 7 days
 * of its comment. A delay suspends the run; a rate limit or an expired token parks it.
 */
export class Runner {
  constructor(
    private readonly deps: {
      runs: RunsRepo;
      accounts: Pick<AccountsRepo, "markExpired">;
      sender: Sender;
      contacts: ContactsRepo;
      /** save_lead stores the lead with its source and captured fields (src/server/leads). */
      leads: Pick<LeadsService, "fromAutomation">;
      jobQueue: JobQueue;
      logger: Logger;
      now?: () => Date;
      /** Park time after a rate limit; defaults to RATE_LIMIT_BACKOFF_MS (tests set it low). */
      rateLimitBackoffMs?: number;
      /** Meta's per-account limits, shared by every worker. */
      pacer?: SendPacer;
      /** Stops an account's sends for a while after a run of transient failures. */
      breaker?: CircuitBreaker;
      /** AI replies (src/server/ai); without it the action is skipped as "ai_unavailable". */
      ai?: AiResponder;
    },
  ) {}

  /**
   * Waits for the account's send budget (a short wait in place, a long one parks the run) and
   * respects an open circuit. Returns when to resume if the send must not happen now.
   */
  private async admit(
    accountId: string,
    bucket: SendBucket,
  ): Promise<{ resumeAt: Date; reason: string } | undefined> {
    const blocked = this.deps.breaker?.blockedFor(accountId) ?? 0;
    if (blocked > 0) return { resumeAt: new Date(this.now().getTime() + blocked), reason: "circuit_open" };
    if (!this.deps.pacer) return undefined;
    for (let tries = 0; ; tries++) {
      const token = await this.deps.pacer.take(accountId, bucket);
      if (token.ok) return undefined;
      if (token.waitMs > MAX_PACING_WAIT_MS || tries >= 5) {
        return { resumeAt: new Date(this.now().getTime() + token.waitMs), reason: "paced" };
      }
      await sleep(token.waitMs);
    }
  }

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  private async progress(runId: string, set: Partial<NewRun>) {
    await this.deps.runs.update(runId, set);
  }

  private async suspend(
    run: RunRow,
    next: number,
    status: "waiting" | "parked",
    resumeAt: Date | null,
    reason: string,
  ) {
    await this.progress(run.id, { nextAction: next, status, resumeAt, parkedReason: reason });
    if (resumeAt) {
      await this.deps.jobQueue.enqueue(
        "resumeRun",
        { runId: run.id },
        {
          jobId: `resume-${run.id}-${next}-${resumeAt.getTime()}`,
          delayMs: Math.max(0, resumeAt.getTime() - this.now().getTime()),
        },
      );
    }
  }

  async execute(run: RunRow, target: RunTarget): Promise<RunResult> {
    const actions = run.actions as ResolvedAction[];
    const responses: string[] = [];
    const notes: ActionNote[] = [];
    const { contact } = target;
    // A new run is inserted running; only a resumed one needs its waiting state cleared.
    if (run.status !== "running" || run.resumeAt || run.parkedReason)
      await this.progress(run.id, { status: "running", resumeAt: null, parkedReason: null });

    for (let i = run.nextAction; i < actions.length; i++) {
      const action = actions[i] as ResolvedAction;
      const skip = (reason: string) => notes.push({ action: action.type, outcome: "skipped", reason });

      switch (action.type) {
        case "delay": {
          notes.push({ action: "delay", outcome: "done" });
          await this.suspend(
            run,
            i + 1,
            "waiting",
            new Date(this.now().getTime() + action.seconds * 1000),
            "delay",
          );
          return { status: "waiting", responses, notes };
        }
        case "add_tag":
          await this.deps.contacts.addTag(contact.id, action.tag);
          notes.push({ action: action.type, outcome: "done" });
          break;
        case "remove_tag":
          await this.deps.contacts.removeTag(contact.id, action.tag);
          notes.push({ action: action.type, outcome: "done" });
          break;
        case "set_field":
          await this.deps.contacts.setField(contact.id, action.key, action.value);
          notes.push({ action: action.type, outcome: "done" });
          break;
        case "save_lead":
          await this.deps.leads.fromAutomation(contact.id, {
            ...(action.source ? { source: action.source } : {}),
            automationId: run.automationId,
            event: target.event,
          });
          notes.push({ action: action.type, outcome: "done" });
          break;
        case "handover":
          // Paused until a person releases it (far future), and flagged for the inbox.
          await this.deps.contacts.pauseBot(contact.id, new Date("9999-12-31T00:00:00Z"), true);
          notes.push({ action: action.type, outcome: "done" });
          break;
        case "ai_reply":
        case "send_text":
        case "send_media":
        case "private_reply":
        case "public_reply": {
          // An AI reply becomes a text (src/server/ai), sent like any other: a DM, or the
          // private reply to a comment.
          let step: Parameters<Runner["send"]>[2];
          let ai: { note: AiNote; handover: boolean } | undefined;
          if (action.type === "ai_reply") {
            if (!this.deps.ai) {
              skip("ai_unavailable");
              break;
            }
            const reply = await this.deps.ai.reply({
              workspaceId: target.workspaceId,
              accountId: target.accountId,
              contact,
              event: target.event,
              runId: run.id,
              actionIndex: i,
              automationId: run.automationId,
              action,
            });
            if (reply.kind === "skip") {
              skip(reply.reason);
              break;
            }
            ai = { note: reply.note, handover: reply.handover };
            step = { type: target.event.comment ? "private_reply" : "send_text", text: reply.text };
          } else step = action;
          const sent = await this.send(
            run,
            i,
            step,
            target,
            action.type === "ai_reply" ? "ai" : "automation",
          );
          if (sent.kind === "skipped") {
            skip(sent.reason);
            break;
          }
          if (sent.kind === "done") {
            if (sent.text) responses.push(sent.text);
            notes.push({
              action: action.type,
              outcome: "done",
              ...(ai ? { ai: ai.note, ...(ai.note.reason ? { reason: ai.note.reason } : {}) } : {}),
            });
            // The person asked for a human (or the model failed with onFailure "handover").
            if (ai?.handover)
              await this.deps.contacts.pauseBot(contact.id, new Date("9999-12-31T00:00:00Z"), true);
            break;
          }
          if (sent.kind === "parked") {
            notes.push({ action: action.type, outcome: "skipped", reason: sent.reason });
            await this.suspend(run, i, "parked", sent.resumeAt, sent.reason);
            return { status: "parked", responses, notes };
          }
          notes.push({ action: action.type, outcome: "failed", reason: sent.reason });
          await this.progress(run.id, { nextAction: i + 1, status: "failed" });
          return { status: "failed", responses, notes, error: sent.error, reason: sent.reason };
        }
      }
      // (The last action's progress is the final update below.)
      if (i + 1 < actions.length) await this.progress(run.id, { nextAction: i + 1 });
    }
    await this.progress(run.id, { nextAction: actions.length, status: "done" });
    return { status: "done", responses, notes };
  }

  private async send(
    run: RunRow,
    index: number,
    action: Extract<ResolvedAction, { type: "send_text" | "send_media" | "private_reply" | "public_reply" }>,
    target: RunTarget,
    author: "automation" | "ai",
  ): Promise<
    | { kind: "done"; text: string | null }
    | { kind: "skipped"; reason: string }
    | { kind: "parked"; reason: string; resumeAt: Date | null }
    | { kind: "failed"; reason: string; error: GraphError }
  > {
    const { event, contact } = target;
    const now = this.now();
    let channel: "send" | "private_reply" | "public_reply" = "send";
    let message: OutgoingMessage;
    if (action.type === "send_text" || action.type === "send_media") {
      // The person must have written in the last 24 hours (a comment does not count). The
      // contact was read when this run started or resumed: its window can only have grown since.
      if (!windowOpen(contact, now)) return { kind: "skipped", reason: "window_closed" };
      message =
        action.type === "send_text"
          ? messageFor(action)
          : { kind: "media", mediaType: action.mediaType, url: action.url };
    } else {
      if (!event.comment) return { kind: "skipped", reason: "not_a_comment" };
      if (action.type === "private_reply") {
        if (now.getTime() - event.timestamp > PRIVATE_REPLY_MS)
          return { kind: "skipped", reason: "private_reply_expired" };
        channel = "private_reply";
        message = messageFor(action);
      } else {
        if (event.comment.parentId) return { kind: "skipped", reason: "not_top_level_comment" };
        channel = "public_reply";
        message = { kind: "text", text: action.text };
      }
    }

    const wait = await this.admit(target.accountId, channel === "private_reply" ? "private_reply" : "send");
    if (wait) return { kind: "parked", reason: wait.reason, resumeAt: wait.resumeAt };
    let outcome: Awaited<ReturnType<Sender["send"]>>;
    try {
      outcome = await this.deps.sender.send(target.graph, target.graphAccount, {
        workspaceId: target.workspaceId,
        accountId: target.accountId,
        contactId: contact.id,
        runId: run.id,
        actionIndex: index,
        channel,
        recipientId: contact.igsid,
        ...(event.comment ? { commentId: event.comment.id } : {}),
        message,
        author: { kind: author, ref: run.automationId },
      });
    } catch (err) {
      if (err instanceof GraphError && err.errorClass === "retry")
        this.deps.breaker?.failure(target.accountId);
      throw err;
    }
    if (outcome.kind === "failed" && outcome.error.errorClass === "retry")
      this.deps.breaker?.failure(target.accountId);
    if (outcome.kind === "sent") this.deps.breaker?.success(target.accountId);
    if (outcome.kind === "duplicate") return { kind: "skipped", reason: "private_reply_already_sent" };
    if (outcome.kind === "sent") {
      if (channel !== "public_reply") await this.deps.contacts.touchOutbound(contact.id, now);
      return { kind: "done", text: "text" in message ? message.text : null };
    }
    const error = outcome.error;
    switch (error.errorClass) {
      case "retry":
        throw error; // the job retries with backoff; the intent is resent (it failed with an answer)
      case "rate-limited": {
        // Meta's own estimate when it gives one; else the configured backoff.
        const regainMs = (error.info.regainAccessMinutes ?? 0) * 60_000;
        const backoffMs = regainMs > 0 ? regainMs : (this.deps.rateLimitBackoffMs ?? RATE_LIMIT_BACKOFF_MS);
        return { kind: "parked", reason: "rate_limited", resumeAt: new Date(now.getTime() + backoffMs) };
      }
      case "reconnect":
        await this.deps.accounts.markExpired(
          target.accountId,
          `Instagram refused the token (${error.message}). Reconnect the account.`,
        );
        return { kind: "parked", reason: "reconnect_needed", resumeAt: null };
      default:
        return { kind: "failed", reason: error.isOutsideWindow ? "window_closed" : "meta_error", error };
    }
  }
}
