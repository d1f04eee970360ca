import { z } from "zod";

/** The most an import file may weigh (the 413 above it); about 50,000 typical rows. */
export const LEAD_IMPORT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * Where a CSV column goes: a lead column, `tags` (split on ; or ,), `fields` (a JSON object, as
 * our export writes it), `field:<key>` (one custom field) or `ignore`.
 */
export const LEAD_IMPORT_COLUMNS = [
  "ignore",
  "name",
  "username",
  "instagramId",
  "email",
  "phone",
  "notes",
  "tags",
  "fields",
] as const;
export const ImportTarget = z.union([
  z.enum(LEAD_IMPORT_COLUMNS),
  z
    .string()
    .regex(
      /^field:[a-zA-Z][a-zA-Z0-9_]{0,49}$/,
      "field:<key>, the key letters, digits and _, starting with a letter",
    ),
]);
export type ImportTarget = z.infer<typeof ImportTarget>;

/** CSV header → target. Headers not listed are ignored. */
export const ImportMapping = z
  .record(z.string().max(200), ImportTarget)
  .refine((m) => Object.keys(m).length <= 200, { error: "at most 200 columns" });
export type ImportMapping = z.infer<typeof ImportMapping>;

/** The parts of an import besides the file (multipart fields, or the query with a text/csv body). */
export const ImportOptions = z.object({
  /** JSON of an ImportMapping; the preview's suggestion when left out. */
  mapping: z.string().max(20_000).optional(),
  /** The country numbers without a +prefix are read in (ISO 3166 alpha-2); refused otherwise. */
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, "two capital letters (ISO 3166)")
    .optional(),
});

/** POST /api/leads/import/preview */
export const ImportPreview = z.object({
  columns: z.array(z.string()),
  /** The first rows, as parsed (at most 10). */
  rows: z.array(z.array(z.string())),
  /** Data rows in the file (the header not counted). */
  totalRows: z.number(),
  delimiter: z.string(),
  suggestedMapping: z.record(z.string(), ImportTarget),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

/** One refused row: `row` is its number in the file as a spreadsheet shows it (the header is 1). */
export const ImportRowError = z.object({
  row: z.number(),
  column: z.string().nullable(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof ImportRowError>;

/** POST /api/leads/import */
export const ImportResult = z.object({
  total: z.number(),
  created: z.number(),
  updated: z.number(),
  failed: z.number(),
  /** The first 1,000 refused rows. */
  errors: z.array(ImportRowError),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** The multipart body, for the OpenAPI document. */
export const ImportUpload = ImportOptions.extend({
  file: z.string().describe("the CSV file (UTF-8; , ; or tab separated; a header row)"),
});
