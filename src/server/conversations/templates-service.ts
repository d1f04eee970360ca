import { and, asc, eq, ilike, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type MessageTemplate, TEMPLATE_CATEGORIES } from "../../shared/api/inbox.ts";
import { type Entitlements, requireFeature } from "../billing/entitlements.ts";
import type { Db } from "../db/database.ts";
import { contacts, messageTemplates } from "../db/schema/index.ts";
import { AppError } from "../errors.ts";
import { renderTemplate } from "./render-template.ts";

export const TemplateInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    category: z.enum(TEMPLATE_CATEGORIES),
    content: z.string().trim().min(1).max(2000),
  })
  .strict();
export const TemplateQuery = z.object({
  /** The composer's `/` search: name or content. */
  q: z.string().trim().min(1).max(100).optional(),
  category: z.enum(TEMPLATE_CATEGORIES).optional(),
});

type Row = typeof messageTemplates.$inferSelect;
const view = (t: Row): MessageTemplate => ({
  id: t.id,
  name: t.name,
  category: t.category,
  content: t.content,
  useCount: t.useCount,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});
const isUuid = (id: string) => z.string().uuid().safeParse(id).success;

/** The workspace's message templates (plan feature `inbox_templates`), rendered per person. */
export class TemplatesService {
  constructor(private readonly deps: { db: Db; entitlements: Entitlements }) {}

  private gate(workspaceId: string) {
    return requireFeature(this.deps.entitlements, workspaceId, "inbox_templates");
  }

  async list(workspaceId: string, q: z.infer<typeof TemplateQuery>): Promise<MessageTemplate[]> {
    await this.gate(workspaceId);
    const where: SQL[] = [eq(messageTemplates.workspaceId, workspaceId)];
    if (q.category) where.push(eq(messageTemplates.category, q.category));
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(or(ilike(messageTemplates.name, like), ilike(messageTemplates.content, like)) as SQL);
    }
    const rows = await this.deps.db
      .select()
      .from(messageTemplates)
      .where(and(...where))
      .orderBy(sql`${messageTemplates.useCount} desc`, asc(messageTemplates.name))
      .limit(200);
    return rows.map(view);
  }

  async create(workspaceId: string, input: z.infer<typeof TemplateInput>): Promise<MessageTemplate> {
    await this.gate(workspaceId);
    const [row] = await this.deps.db
      .insert(messageTemplates)
      .values({ workspaceId, ...input })
      .returning();
    return view(row as Row);
  }

  async update(workspaceId: string, id: string, input: z.infer<typeof TemplateInput>) {
    await this.gate(workspaceId);
    const [row] = isUuid(id)
      ? await this.deps.db
          .update(messageTemplates)
          .set({ ...input, updatedAt: sql`now()` })
          .where(and(eq(messageTemplates.id, id), eq(messageTemplates.workspaceId, workspaceId)))
          .returning()
      : [];
    if (!row) throw new AppError("not_found", "template not found");
    return view(row);
  }

  async remove(workspaceId: string, id: string) {
    await this.gate(workspaceId);
    const rows = isUuid(id)
      ? await this.deps.db
          .delete(messageTemplates)
          .where(and(eq(messageTemplates.id, id), eq(messageTemplates.workspaceId, workspaceId)))
          .returning({ id: messageTemplates.id })
      : [];
    if (rows.length === 0) throw new AppError("not_found", "template not found");
  }

  /** The template's text for this conversation's person; counts as a use. */
  async render(workspaceId: string, conversationId: string, templateId: string) {
    await this.gate(workspaceId);
    const [person] = isUuid(conversationId)
      ? await this.deps.db
          .select({ name: contacts.name, username: contacts.username, fields: contacts.fields })
          .from(contacts)
          .where(and(eq(contacts.id, conversationId), eq(contacts.workspaceId, workspaceId)))
      : [];
    if (!person) throw new AppError("not_found", "conversation not found");
    const [template] = isUuid(templateId)
      ? await this.deps.db
          .update(messageTemplates)
          .set({ useCount: sql`${messageTemplates.useCount} + 1` })
          .where(and(eq(messageTemplates.id, templateId), eq(messageTemplates.workspaceId, workspaceId)))
          .returning()
      : [];
    if (!template) throw new AppError("not_found", "template not found");
    const text = renderTemplate(template.content, person);
    return { text, bytes: Buffer.byteLength(text, "utf8") };
  }
}
