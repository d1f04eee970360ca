import { parse } from "csv-parse/sync";
import type { ImportMapping, ImportTarget } from "../../shared/api/leads-import.ts";
import { AppError } from "../errors.ts";

export interface ParsedCsv {
  columns: string[];
  /** Data records, the header not included. */
  records: string[][];
  delimiter: string;
}

/** The separator of the header line: the most frequent of , ; and tab outside quotes. */
function guessDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/)).replace(/"[^"]*"/g, "");
  const counts = [",", ";", "\t"].map((d) => [d, firstLine.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/**
 * A CSV file as RFC 4180 reads it (csv-parse): a UTF-8 BOM skipped, quoted cells with commas,
 * quotes and line breaks kept, short rows padded. A malformed file is a 400 naming the line.
 */
export function parseCsv(text: string): ParsedCsv {
  const delimiter = guessDelimiter(text);
  let all: string[][];
  try {
    all = parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
    }) as string[][];
  } catch (err) {
    throw new AppError(
      "validation_failed",
      `file: not a CSV file this server can read (${(err as Error).message})`,
    );
  }
  const [header, ...records] = all;
  if (!header || header.every((h) => !h.trim()))
    throw new AppError("validation_failed", "file: no header row");
  const columns = header.map((h, i) => h.trim() || `column ${i + 1}`);
  return { columns, records, delimiter };
}

const SYNONYMS: [ImportTarget, RegExp][] = [
  ["instagramId", /^(instagram ?id|ig ?id|igsid|instagram user ?id)$/],
  [
    "username",
    /^(username|user ?name|instagram|ig|handle|instagram (handle|username)|ig (handle|username))$/,
  ],
  ["email", /^(e ?mail|mail|e ?mail address)$/],
  ["phone", /^(phone|phone number|mobile|cell|tel|telephone|whats ?app|whatsapp number)$/],
  ["name", /^(name|full ?name|contact|contact name|first ?name|display name)$/],
  ["notes", /^(notes?|comments?|remarks?)$/],
  ["tags", /^(tags?|labels?)$/],
  ["fields", /^fields$/],
  // Our export's own columns that are the server's to set, not an import's.
  [
    "ignore",
    /^(id|source|source detail|dm status|dm provider|dm sent at|dm error|dm attempts|automation id|media id|created at|updated at)$/,
  ],
];

/** A mapping guessed from the header names; a column it cannot place becomes a custom field. */
export function suggestMapping(columns: string[]): ImportMapping {
  const mapping: ImportMapping = {};
  const taken = new Set<ImportTarget>();
  for (const column of columns) {
    const key = column
      .toLowerCase()
      .replace(/[_\-.]+/g, " ")
      .replace(/\s+/g, " ")
      .trim();
    const known = SYNONYMS.find(
      ([target, re]) => re.test(key) && (target === "ignore" || !taken.has(target)),
    );
    if (known) {
      mapping[column] = known[0];
      taken.add(known[0]);
      continue;
    }
    const slug = key.replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
    mapping[column] = /^[a-z]/.test(slug) ? `field:${slug.slice(0, 50)}` : "ignore";
  }
  return mapping;
}
