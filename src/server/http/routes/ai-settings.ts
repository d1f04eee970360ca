import { Hono } from "hono";
import { z } from "zod";
import { AiOverrides, AiProviderKeyInput, AiSettings, KEYED_PROVIDERS } from "../../../shared/ai-settings.ts";
import {
  AiPreview,
  AiSettingsView,
  ProviderKeySaved,
  ProvidersView,
  type ProviderView,
} from "../../../shared/api/ai.ts";
import { OFFLINE_LABEL } from "../../ai/ai-reply-service.ts";
import { monthOf } from "../../ai/ai-usage-repo.ts";
import type { Ai } from "../../ai/create-ai.ts";
import { type ResolvedProvider, resolveProvider } from "../../ai/provider-resolver.ts";
import { notFound } from "../../errors.ts";
import { maskToken } from "../../security/token-vault.ts";
import type { AppEnv } from "../app-env.ts";
import { reply } from "../respond.ts";
import { validate } from "../validate.ts";

const AccountParam = z.object({ accountId: z.string().uuid("expected an account id") });
const ProviderParam = z.object({
  provider: z.enum(KEYED_PROVIDERS, { error: "provider must be openai, anthropic or openai-compatible" }),
});
export const AiPreviewInput = z.object({
  message: z.string().trim().min(1, { error: "message must not be empty" }).max(1000),
  /** Try unsaved settings: the same fields an ai_reply action may override. */
  overrides: AiOverrides.optional(),
});

/** How the API shows which provider answers: "offline answers" when no model is configured. */
export function providerView(p: ResolvedProvider): ProviderView {
  return p.kind === "offline"
    ? { provider: "offline", label: OFFLINE_LABEL, model: null, source: null, reason: p.reason }
    : {
        provider: p.target.provider,
        label: p.target.model,
        model: p.target.model,
        source: p.source,
        reason: null,
      };
}

/**
 * /api/ai-settings/:accountId — an account's AI settings (with the provider that will answer
 * and this month's usage) and a preview answer; /api/ai-providers — the workspace's own keys,
 * stored encrypted and only ever shown masked.
 */
export function aiSettingsRoutes(deps: { ai: Ai }) {
  const { ai } = deps;
  const view = async (workspaceId: string, accountId: string): Promise<AiSettingsView> => {
    const [{ settings, saved, updatedAt }, keys, usage] = await Promise.all([
      ai.settings.get(workspaceId, accountId),
      ai.settings.keys(workspaceId),
      ai.usage.month(workspaceId, monthOf(new Date())),
    ]);
    return {
      accountId,
      settings,
      saved,
      updatedAt: updatedAt?.toISOString() ?? null,
      answeredBy: providerView(resolveProvider(settings.provider, settings.model, keys, ai.config)),
      usage,
    };
  };
  return new Hono<AppEnv>()
    .get("/api/ai-settings/:accountId", validate("param", AccountParam), async (c) =>
      reply(c, AiSettingsView, await view(c.get("workspaceId"), c.req.valid("param").accountId)),
    )
    .put(
      "/api/ai-settings/:accountId",
      validate("param", AccountParam),
      validate("json", AiSettings),
      async (c) => {
        const workspaceId = c.get("workspaceId");
        const { accountId } = c.req.valid("param");
        await ai.settings.put(workspaceId, accountId, c.req.valid("json"));
        return reply(c, AiSettingsView, await view(workspaceId, accountId));
      },
    )
    .post(
      "/api/ai-settings/:accountId/preview",
      validate("param", AccountParam),
      validate("json", AiPreviewInput),
      async (c) => {
        const workspaceId = c.get("workspaceId");
        const { accountId } = c.req.valid("param");
        await ai.settings.get(workspaceId, accountId); // 404 for another workspace's account
        const { message, overrides } = c.req.valid("json");
        return reply(
          c,
          AiPreview,
          await ai.responder.preview({ workspaceId, accountId, message, overrides: overrides ?? {} }),
        );
      },
    )
    .get("/api/ai-providers", async (c) => {
      const workspaceId = c.get("workspaceId");
      const keys = await ai.settings.keys(workspaceId);
      const env = ai.config;
      const fromEnv = {
        openai: Boolean(env.openai.apiKey),
        anthropic: Boolean(env.anthropic.apiKey),
        "openai-compatible": Boolean(env.compatible.baseUrl),
      };
      return reply(c, ProvidersView, {
        providers: KEYED_PROVIDERS.map((provider) => {
          const own = keys.find((k) => k.provider === provider);
          return {
            provider,
            workspaceKey: own
              ? {
                  keyMasked: own.apiKey ? maskToken(own.apiKey) : null,
                  baseUrl: own.baseUrl ?? null,
                  model: own.model ?? null,
                  updatedAt: own.updatedAt.toISOString(),
                }
              : null,
            environment: fromEnv[provider],
          };
        }),
        auto: providerView(resolveProvider("auto", null, keys, env)),
      });
    })
    .put(
      "/api/ai-providers/:provider",
      validate("param", ProviderParam),
      validate("json", AiProviderKeyInput),
      async (c) => {
        const workspaceId = c.get("workspaceId");
        const { provider } = c.req.valid("param");
        const input = c.req.valid("json");
        await ai.settings.putKey(workspaceId, provider, input);
        return reply(c, ProviderKeySaved, {
          provider,
          keyMasked: input.apiKey ? maskToken(input.apiKey) : null,
          baseUrl: input.baseUrl ?? null,
          model: input.model ?? null,
        });
      },
    )
    .delete("/api/ai-providers/:provider", validate("param", ProviderParam), async (c) => {
      if (!(await ai.settings.deleteKey(c.get("workspaceId"), c.req.valid("param").provider)))
        throw notFound("provider key");
      return c.body(null, 204);
    });
}
