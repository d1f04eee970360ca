/**
 * One CSV cell as RFC 4180 writes it, made safe to open in a spreadsheet: a value starting with
 * = + - @ (or a tab / carriage return, which some spreadsheets skip before reading a formula)
 * gets a leading ' so it is shown as text, never run as a formula (CSV injection). A cell with
 * a comma, quote or line break is quoted, its quotes doubled.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record, CRLF-terminated as RFC 4180 says. */
export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/**
 * The inverse of the injection guard, for an import: a cell our export wrote as '=… or '+…
 * reads back as it was. Any other leading quote is the person's and stays.
 */
export function unguardCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}
