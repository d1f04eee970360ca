import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { AiSettings } from "../../../shared/ai-settings.ts";
import { app } from "./app-schema.ts";
import { instagramAccounts } from "./instagram.ts";
import { contacts } from "./pipeline.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** AI reply settings of one connected account (automations may override them per action). */
export const aiSettings = app.table("ai_settings", {
  accountId: uuid("account_id")
    .primaryKey()
    .references(() => instagramAccounts.id, { onDelete: "cascade" }),
  workspaceId: text("workspace_id").notNull(),
  settings: jsonb("settings").$type<AiSettings>().notNull(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/**
 * A workspace's own provider credentials. `apiKey` is ciphertext from the token vault and is
 * never returned by the API (only masked).
 */
export const aiProviderKeys = app.table(
  "ai_provider_keys",
  {
    workspaceId: text("workspace_id").notNull(),
    /** openai | anthropic | openai-compatible */
    provider: text("provider").notNull(),
    apiKey: text("api_key"),
    baseUrl: text("base_url"),
    model: text("model"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.provider] })],
);

/** AI usage per workspace, month (YYYY-MM, UTC) and provider: what plan limits count. */
export const aiUsage = app.table(
  "ai_usage",
  {
    workspaceId: text("workspace_id").notNull(),
    month: text("month").notNull(),
    provider: text("provider").notNull(),
    requests: integer("requests").notNull().default(0),
    failures: integer("failures").notNull().default(0),
    inputTokens: bigint("input_tokens", { mode: "number" }).notNull().default(0),
    outputTokens: bigint("output_tokens", { mode: "number" }).notNull().default(0),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.month, t.provider] })],
);

/**
 * The turns of a person's AI conversation (their messages the AI answered, and its answers):
 * the history passed to the model. An answer is stored under its (run, action) before it is
 * sent, so a retry sends the same text instead of asking the model again.
 */
export const aiTurns = app.table(
  "ai_turns",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    automationId: text("automation_id").notNull(),
    /** user | assistant */
    role: text("role").notNull(),
    text: text("text").notNull(),
    runId: uuid("run_id"),
    actionIndex: integer("action_index"),
    /** For answers: provider, model, outcome (answer, offline, fallback, handover), reason. */
    meta: jsonb("meta").$type<Record<string, unknown>>(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("ai_turns_contact_idx").on(t.contactId, t.id),
    uniqueIndex("ai_turns_run_action_uq").on(t.runId, t.actionIndex, t.role).where(sql`run_id is not null`),
  ],
);
