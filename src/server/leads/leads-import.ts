import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { LeadFields } from "../../shared/api/leads.ts";
import { ImportMapping, type ImportResult, type ImportRowError } from "../../shared/api/leads-import.ts";
import { AppError } from "../errors.ts";
import { textProblem } from "../security/unsafe-input.ts";
import { unguardCell } from "./csv-cell.ts";
import { type ParsedCsv, parseCsv, suggestMapping } from "./csv-import.ts";
import type { LeadsService } from "./leads-service.ts";
import { toE164 } from "./phone.ts";

const MAX_ERRORS = 1_000;
const MAX_CELL = 5_000;

/** The columns a row fills, before validation. */
interface RowDraft {
  name?: string;
  username?: string;
  instagramId?: string;
  email?: string;
  phone?: string;
  notes?: string;
  tags?: string[];
  fields: Record<string, string>;
}

const InstagramId = z.string().regex(/^\d{1,32}$/);

class RowError extends Error {
  constructor(
    readonly column: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** The mapping the caller sent (JSON), checked against the file's columns. */
export function readMapping(raw: string | undefined, csv: ParsedCsv): ImportMapping {
  if (raw === undefined) return suggestMapping(csv.columns);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError("validation_failed", "mapping: not JSON");
  }
  const parsed = ImportMapping.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "validation_failed",
      `mapping.${issue?.path.join(".")}: ${issue?.message}`,
      parsed.error.issues,
    );
  }
  const unknown = Object.keys(parsed.data).find((c) => !csv.columns.includes(c));
  if (unknown) throw new AppError("validation_failed", `mapping: the file has no column "${unknown}"`);
  const single = Object.entries(parsed.data).filter(([, t]) => t !== "ignore" && t !== "tags");
  const seen = new Set<string>();
  for (const [column, target] of single) {
    if (seen.has(target))
      throw new AppError("validation_failed", `mapping.${column}: ${target} is mapped twice`);
    seen.add(target);
  }
  return parsed.data;
}

function draftOf(record: string[], columns: string[], mapping: ImportMapping): RowDraft {
  const draft: RowDraft = { fields: {} };
  columns.forEach((column, i) => {
    const target = mapping[column];
    const raw = record[i];
    if (!target || target === "ignore" || raw === undefined) return;
    const value = unguardCell(raw).trim();
    if (!value) return;
    const problem = textProblem(value, MAX_CELL);
    if (problem)
      throw new RowError(
        column,
        `${column}: ${problem === "too_long" ? `longer than ${MAX_CELL} characters` : "characters that cannot be stored"}`,
      );
    if (target === "tags") {
      draft.tags = [
        ...(draft.tags ?? []),
        ...value
          .split(/[;,]/)
          .map((t) => t.trim())
          .filter(Boolean),
      ];
    } else if (target === "fields") {
      let obj: unknown;
      try {
        obj = JSON.parse(value);
      } catch {}
      if (!obj || typeof obj !== "object" || Array.isArray(obj))
        throw new RowError(column, `${column}: not a JSON object of custom fields`);
      for (const [k, v] of Object.entries(obj))
        draft.fields[k] = typeof v === "string" ? v : JSON.stringify(v);
    } else if (target.startsWith("field:")) {
      draft.fields[target.slice(6)] = value;
    } else {
      draft[target as "name"] = value;
    }
  });
  return draft;
}

/** One row as a lead's input: the same rules as POST /api/leads, phones in `defaultCountry`. */
function leadOf(draft: RowDraft, columnOf: (target: string) => string | null, country?: CountryCode) {
  const { fields, instagramId, phone, ...rest } = draft;
  const checked = LeadFields.safeParse({ ...rest, ...(Object.keys(fields).length ? { fields } : {}) });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const target = String(issue?.path[0] ?? "");
    const column = target === "fields" ? null : columnOf(target);
    const where = target === "fields" ? `custom field ${String(issue?.path[1] ?? "")}` : (column ?? target);
    throw new RowError(
      column,
      `${where}: ${target === "email" ? "not a valid email address" : issue?.message}`,
    );
  }
  if (instagramId && !InstagramId.safeParse(instagramId).success)
    throw new RowError(columnOf("instagramId"), `${columnOf("instagramId")}: an Instagram id is digits only`);
  let e164: string | undefined;
  if (phone) {
    try {
      e164 = toE164(phone, country);
    } catch {
      throw new RowError(
        columnOf("phone"),
        `${columnOf("phone")}: not a valid phone number${country ? "" : " (use +<country code>, or choose a default country)"}`,
      );
    }
  }
  const lead = { ...checked.data, ...(instagramId ? { instagramId } : {}), ...(e164 ? { phone: e164 } : {}) };
  if (!lead.name && !lead.username && !lead.email && !lead.phone && !lead.instagramId)
    throw new RowError(null, "no name, username, email, phone or Instagram id");
  return lead;
}

/**
 * A CSV import: each row mapped, validated like POST /api/leads and saved with source `import`
 * through the leads service, so it merges into the workspace's lead with the same Instagram id
 * or email (an existing lead keeps its first source). A bad row is reported with its number and
 * skipped; the others are saved.
 */
export async function importLeads(
  leads: LeadsService,
  workspaceId: string,
  text: string,
  options: { mapping?: string | undefined; defaultCountry?: string | undefined },
): Promise<ImportResult> {
  const csv = parseCsv(text);
  const mapping = readMapping(options.mapping, csv);
  const columnOf = (target: string) => Object.entries(mapping).find(([, t]) => t === target)?.[0] ?? null;
  const errors: ImportRowError[] = [];
  let created = 0;
  let updated = 0;
  let failed = 0;
  for (const [i, record] of csv.records.entries()) {
    const row = i + 2; // the header is row 1
    try {
      const lead = leadOf(
        draftOf(record, csv.columns, mapping),
        columnOf,
        options.defaultCountry as CountryCode,
      );
      const saved = await leads.create(workspaceId, { ...lead, source: "import" });
      if (saved.created) created++;
      else updated++;
    } catch (err) {
      // A row the service refuses (validation) is the row's error; anything else is the server's.
      const rowsFault =
        err instanceof RowError ||
        (err instanceof AppError && (err.code === "validation_failed" || err.code === "conflict"));
      if (!rowsFault) throw err;
      failed++;
      if (errors.length < MAX_ERRORS)
        errors.push({ row, column: err instanceof RowError ? err.column : null, message: err.message });
    }
  }
  return { total: csv.records.length, created, updated, failed, errors };
}
