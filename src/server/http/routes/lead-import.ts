import type { Context } from "hono";
import { Hono } from "hono";
import {
  ImportOptions,
  ImportPreview,
  ImportResult,
  LEAD_IMPORT_MAX_BYTES,
} from "../../../shared/api/leads-import.ts";
import { AppError } from "../../errors.ts";
import { parseCsv, suggestMapping } from "../../leads/csv-import.ts";
import { importLeads } from "../../leads/leads-import.ts";
import type { LeadsService } from "../../leads/leads-service.ts";
import type { AppEnv } from "../app-env.ts";
import { limitBody } from "../middleware/body-limit.ts";
import { reply } from "../respond.ts";

/** Paths whose bodies are capped here (5 MB), not by the API's 1 MB. */
export const LEAD_IMPORT_PATHS = ["/api/leads/import", "/api/leads/import/preview"];

/**
 * The CSV file and options of an import: multipart (a `file` part, `mapping` and
 * `defaultCountry` fields) or a text/csv body with the options in the query.
 */
async function readUpload(c: Context<AppEnv>) {
  const type = c.req.header("content-type") ?? "";
  let text: string;
  let options: Record<string, unknown>;
  if (/^multipart\/form-data/i.test(type)) {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File))
      throw new AppError("validation_failed", "file: attach the CSV file as `file`");
    text = await file.text();
    options = { mapping: form.mapping, defaultCountry: form.defaultCountry };
  } else if (/^text\/(csv|plain)/i.test(type)) {
    text = await c.req.text();
    options = { mapping: c.req.query("mapping"), defaultCountry: c.req.query("defaultCountry") };
  } else {
    throw new AppError(
      "validation_failed",
      "file: send multipart/form-data with a `file`, or a text/csv body",
    );
  }
  const parsed = ImportOptions.safeParse(
    Object.fromEntries(Object.entries(options).filter(([, v]) => typeof v === "string" && v !== "")),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "validation_failed",
      `${issue?.path.join(".")}: ${issue?.message}`,
      parsed.error.issues,
    );
  }
  if (!text.trim()) throw new AppError("validation_failed", "file: empty");
  return { text, options: parsed.data };
}

/** POST /api/leads/import/preview (columns, first rows, a suggested mapping) and /api/leads/import. */
export function leadImportRoutes(deps: { leads: LeadsService }) {
  const cap = limitBody(
    LEAD_IMPORT_MAX_BYTES,
    `import files are limited to ${LEAD_IMPORT_MAX_BYTES / 1024 / 1024} MB`,
  );
  return new Hono<AppEnv>()
    .post("/api/leads/import/preview", cap, async (c) => {
      const { text } = await readUpload(c);
      const csv = parseCsv(text);
      return reply(c, ImportPreview, {
        columns: csv.columns,
        rows: csv.records.slice(0, 10),
        totalRows: csv.records.length,
        delimiter: csv.delimiter,
        suggestedMapping: suggestMapping(csv.columns),
      });
    })
    .post("/api/leads/import", cap, async (c) => {
      const { text, options } = await readUpload(c);
      return reply(c, ImportResult, await importLeads(deps.leads, c.get("workspaceId"), text, options));
    });
}
