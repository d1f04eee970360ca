import { Hono } from "hono";
import { z } from "zod";
import {
  BulkAction,
  BulkResult,
  LeadExportQuery,
  LeadFilter,
  LeadInput,
  LeadPage,
  LeadPatch,
  LeadSaved,
  LeadView,
} from "../../../shared/api/leads.ts";
import { leadsCsvStream } from "../../leads/leads-export.ts";
import { toLeadView } from "../../leads/leads-repo.ts";
import type { LeadsService } from "../../leads/leads-service.ts";
import type { AppEnv } from "../app-env.ts";
import { reply } from "../respond.ts";
import { validate } from "../validate.ts";

const Id = z.object({ id: z.string().min(1).max(64) });
const ContactId = z.object({ contactId: z.string().min(1).max(64) });

/** /api/leads: list (filters, sort, cursor), CSV export, CRUD, bulk tag / delete, a lead from a conversation. */
export function leadRoutes(deps: { leads: LeadsService }) {
  const { leads } = deps;
  return (
    new Hono<AppEnv>()
      .get("/api/leads", validate("query", LeadFilter), async (c) => {
        const page = await leads.repo.list(c.get("workspaceId"), c.req.valid("query"));
        return reply(c, LeadPage, { items: page.items.map(toLeadView), nextCursor: page.nextCursor });
      })
      // Streamed page by page from the database: the answer starts before the last lead is read.
      .get("/api/leads/export.csv", validate("query", LeadExportQuery), (c) => {
        const day = new Date().toISOString().slice(0, 10);
        return new Response(leadsCsvStream(leads.repo, c.get("workspaceId"), c.req.valid("query")), {
          headers: {
            "content-type": "text/csv; charset=utf-8",
            "content-disposition": `attachment; filename="leads-${day}.csv"`,
            "cache-control": "no-store",
          },
        });
      })
      .post("/api/leads", validate("json", LeadInput), async (c) => {
        const saved = await leads.create(c.get("workspaceId"), c.req.valid("json"));
        return reply(
          c,
          LeadSaved,
          { lead: toLeadView(saved.lead), created: saved.created },
          saved.created ? 201 : 200,
        );
      })
      .post("/api/leads/bulk", validate("json", BulkAction), async (c) => {
        const rows = await leads.repo.bulk(c.get("workspaceId"), c.req.valid("json"));
        return reply(c, BulkResult, { affected: rows.length });
      })
      .post("/api/leads/from-contact/:contactId", validate("param", ContactId), async (c) => {
        const saved = await leads.fromContact(c.get("workspaceId"), c.req.valid("param").contactId);
        return reply(
          c,
          LeadSaved,
          { lead: toLeadView(saved.lead), created: saved.created },
          saved.created ? 201 : 200,
        );
      })
      .get("/api/leads/:id", validate("param", Id), async (c) =>
        reply(c, LeadView, toLeadView(await leads.repo.get(c.get("workspaceId"), c.req.valid("param").id))),
      )
      .patch("/api/leads/:id", validate("param", Id), validate("json", LeadPatch), async (c) =>
        reply(
          c,
          LeadView,
          toLeadView(await leads.update(c.get("workspaceId"), c.req.valid("param").id, c.req.valid("json"))),
        ),
      )
      .delete("/api/leads/:id", validate("param", Id), async (c) => {
        await leads.repo.delete(c.get("workspaceId"), c.req.valid("param").id);
        return c.body(null, 204);
      })
  );
}
