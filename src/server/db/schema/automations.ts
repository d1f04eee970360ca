import { boolean, index, integer, jsonb, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { app } from "./app-schema.ts";
import { instagramAccounts } from "./instagram.ts";

/**
 * An automation. Its definition (trigger, conditions, actions, options) is one versioned JSON
 * document validated by the shared model (src/shared/automation.ts); the columns are what
 * queries filter and sort on.
 */
export const automations = app.table(
  "automations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id").notNull(),
    /** null: every account of the workspace. */
    accountId: uuid("account_id").references(() => instagramAccounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    priority: integer("priority").notNull().default(0),
    version: integer("version").notNull().default(1),
    definition: jsonb("definition").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("automations_workspace_idx").on(t.workspaceId, t.enabled)],
);
