import { randomBytes } from "node:crypto";
import type { AiOverrides } from "../../shared/ai-settings.ts";
import type { Action } from "../../shared/automation.ts";
import type { AiConfig } from "../config.ts";
import type { ContactRow, ContactsRepo } from "../conversations/contacts-repo.ts";
import type { InboundEvent } from "../instagram/inbound-event.ts";
import type { Logger } from "../observability/logger.ts";
import type { AiSettingsRepo } from "./ai-settings-repo.ts";
import type { AiTurnsRepo } from "./ai-turns-repo.ts";
import type { AiUsageRepo } from "./ai-usage-repo.ts";
import { buildPrompt } from "./build-prompt.ts";
import { fitReply } from "./fit-reply.ts";
import { asksForHuman } from "./handover-phrases.ts";
import { callModel as defaultCallModel, type ModelFailure } from "./model-client.ts";
import { offlineResponderFor } from "./offline-responder.ts";
import { guardReply } from "./output-guard.ts";
import { resolveProvider } from "./provider-resolver.ts";
import { type ResolvedAiSettings, resolveSettings } from "./resolve-settings.ts";
import { searchTermGroups } from "./search-terms.ts";

export type AiReplyAction = Extract<Action, { type: "ai_reply" }>;

/** What happened, for the activity log (never the prompt, never a key). */
export interface AiNote {
  /** openai | anthropic | openai-compatible | offline */
  provider: string;
  /** "offline answers" for the FAQ responder; the model name otherwise. */
  label: string;
  model?: string;
  outcome: "answer" | "offline_answer" | "fallback" | "handover";
  /** Why the answer is not the model's (or the FAQ's): ai_timeout, ai_error, no_faq_match, handover_requested… */
  reason?: string;
  detail?: string;
  confidence?: number;
  inputTokens?: number;
  outputTokens?: number;
  modelMs?: number;
  /** true when a retry re-sent the answer stored by an earlier try. */
  replayed?: boolean;
}

export interface AiReplyRequest {
  workspaceId: string;
  accountId: string;
  contact: ContactRow;
  event: InboundEvent;
  runId: string;
  actionIndex: number;
  automationId: string;
  action: AiReplyAction;
}

export type AiReply =
  | { kind: "send"; text: string; handover: boolean; note: AiNote }
  | { kind: "skip"; reason: string };

/** What the runner needs from AI replies (runner.ts). */
export interface AiResponder {
  reply(request: AiReplyRequest): Promise<AiReply>;
}

export const OFFLINE_LABEL = "offline answers";
const FAR_FUTURE = new Date("9999-12-31T00:00:00Z");

/**
 * One AI answer: the settings (account, then the action's overrides), a hand-over when the
 * person asks for a human, else the model — or offline answers from the FAQ when no provider is
 * configured. A failure or a timeout becomes the fallback message (or a hand-over), a reply that
 * would reveal the prompt becomes the fallback, every answer is fitted to Instagram's limit,
 * counted in the workspace's usage, and stored with the person's message as history.
 */
export class AiReplyService implements AiResponder {
  constructor(
    private readonly deps: {
      settings: AiSettingsRepo;
      usage: AiUsageRepo;
      turns: AiTurnsRepo;
      contacts: ContactsRepo;
      config: AiConfig;
      logger: Logger;
      now?: () => Date;
      callModel?: typeof defaultCallModel;
    },
  ) {}

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  async reply(req: AiReplyRequest): Promise<AiReply> {
    const message = req.event.text?.trim();
    if (!message) return { kind: "skip", reason: "ai_no_text" };

    // A retry after a crash: the answer was produced (and counted) already; send it as it is.
    const stored = await this.deps.turns.answerFor(req.runId, req.actionIndex);
    if (stored) {
      const note = { ...(stored.meta as unknown as AiNote), replayed: true };
      return { kind: "send", text: stored.text, handover: note.outcome === "handover", note };
    }

    const settings = resolveSettings(await this.deps.settings.forAccount(req.accountId), req.action);
    const scope = {
      workspaceId: req.workspaceId,
      accountId: req.accountId,
      contactId: req.contact.id,
      runId: req.runId,
    };
    const { text, note } = await this.produce(scope, settings, message);
    const fitted = fitReply(text, { maxBytes: 1000, maxChars: settings.maxReplyLength });
    const saved = await this.deps.turns.save(
      {
        workspaceId: req.workspaceId,
        contactId: req.contact.id,
        automationId: req.automationId,
        runId: req.runId,
        actionIndex: req.actionIndex,
      },
      message,
      fitted,
      note as unknown as Record<string, unknown>,
    );
    const handover = note.outcome === "handover";
    if (handover) {
      await this.deps.contacts.setAiConversation(req.contact.id, null, null);
    } else {
      await this.deps.contacts.setAiConversation(req.contact.id, req.automationId, this.now());
    }
    this.deps.logger.info(
      {
        accountId: req.accountId,
        contactId: req.contact.id,
        provider: note.provider,
        outcome: note.outcome,
        reason: note.reason,
      },
      "ai.reply",
    );
    return { kind: "send", text: saved.text, handover, note };
  }

  /**
   * The answer a person would get, without sending or storing it (the builder's preview); it
   * counts in the usage like any answer.
   */
  async preview(req: { workspaceId: string; accountId: string; message: string; overrides: AiOverrides }) {
    const settings = resolveSettings(await this.deps.settings.forAccount(req.accountId), req.overrides);
    const scope = {
      workspaceId: req.workspaceId,
      accountId: req.accountId,
      contactId: undefined,
      runId: undefined,
    };
    const { text, note } = await this.produce(scope, settings, req.message);
    return { text: fitReply(text, { maxBytes: 1000, maxChars: settings.maxReplyLength }), note };
  }

  private async produce(
    req: { workspaceId: string; accountId: string; contactId: string | undefined; runId: string | undefined },
    settings: ResolvedAiSettings,
    message: string,
  ): Promise<{ text: string; note: AiNote }> {
    const asked = asksForHuman(message, settings.handoverPhrases);
    if (asked) {
      return {
        text: settings.handoverMessage,
        note: {
          provider: "none",
          label: "hand-over",
          outcome: "handover",
          reason: "handover_requested",
          detail: asked,
        },
      };
    }
    const keys = await this.deps.settings.keys(req.workspaceId);
    const provider = resolveProvider(settings.provider, settings.model, keys, this.deps.config);
    const now = this.now();

    if (provider.kind === "offline") {
      const found = offlineResponderFor(settings.faq).answer(message);
      await this.deps.usage.record(req.workspaceId, now, {
        provider: "offline",
        failed: false,
        inputTokens: 0,
        outputTokens: 0,
      });
      // detail: why offline (chosen, no provider anywhere, or the chosen one has no key).
      const base = {
        provider: "offline",
        label: OFFLINE_LABEL,
        detail: provider.reason,
        confidence: Number(found.confidence.toFixed(3)),
      };
      if (found.kind === "answer") return { text: found.text, note: { ...base, outcome: "offline_answer" } };
      return {
        text: settings.fallbackMessage,
        note: { ...base, outcome: "fallback", reason: `no_faq_match` },
      };
    }

    const { target } = provider;
    const canary = `ref-${randomBytes(6).toString("hex")}`;
    const prompt = buildPrompt({
      settings,
      history: req.contactId ? await this.deps.turns.history(req.contactId, now, req.runId) : [],
      message,
      canary,
      relevantFaq: (limit) => {
        const responder = offlineResponderFor(settings.faq);
        return responder.top(searchTermGroups(message), limit);
      },
    });
    const result = await (this.deps.callModel ?? defaultCallModel)(
      target,
      prompt,
      this.deps.config.timeoutMs,
    );
    await this.deps.usage.record(req.workspaceId, now, {
      provider: target.provider,
      failed: !result.ok,
      inputTokens: result.ok ? result.inputTokens : 0,
      outputTokens: result.ok ? result.outputTokens : 0,
    });
    const base = { provider: target.provider, label: target.model, model: target.model, modelMs: result.ms };
    if (!result.ok) return this.failed(settings, base, result.reason, result.detail);
    const note: AiNote = {
      ...base,
      outcome: "answer",
      inputTokens: result.inputTokens,
      outputTokens: result.outputTokens,
    };
    if (!result.text.trim()) return this.failed(settings, note, "ai_empty", "the model answered nothing");
    const verdict = guardReply(result.text, prompt.secrets, canary);
    if (!verdict.ok) {
      this.deps.logger.warn({ accountId: req.accountId, leak: verdict.reason }, "ai.reply-withheld");
      return {
        text: settings.fallbackMessage,
        note: { ...note, outcome: "fallback", reason: "ai_output_leak", detail: verdict.reason },
      };
    }
    return { text: result.text, note };
  }

  private failed(
    settings: ResolvedAiSettings,
    note: Omit<AiNote, "outcome">,
    reason: ModelFailure | "ai_empty",
    detail: string,
  ): { text: string; note: AiNote } {
    if (settings.onFailure === "handover")
      return { text: settings.handoverMessage, note: { ...note, outcome: "handover", reason, detail } };
    return { text: settings.fallbackMessage, note: { ...note, outcome: "fallback", reason, detail } };
  }
}

export { FAR_FUTURE as HANDOVER_UNTIL };
