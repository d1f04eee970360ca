import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvCell, csvRow, unguardCell } from "./csv-cell.ts";

describe("csvCell", () => {
  it("quotes what RFC 4180 says must be quoted, doubling quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(3)).toBe("3");
  });

  it("prefixes cells a spreadsheet would run as a formula", () => {
    for (const bad of ["=1+1", "+14155552671", "-2", "@SUM(A1)", "\t=x", "\r=x"]) {
      expect(csvCell(bad).replace(/^"/, "").startsWith("'"), bad).toBe(true);
    }
    expect(csvCell('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("reads back through an independent parser to the guarded values, and unguards on import", () => {
    const values = ["=cmd|' /C calc'!A0", 'q"uote', "multi\r\nline", "é ü 中文 😀", "", "+1 415"];
    const [parsed] = parse(csvRow(values)) as string[][];
    expect(parsed?.map(unguardCell)).toEqual(values);
    expect(unguardCell("'plain")).toBe("'plain");
  });
});
