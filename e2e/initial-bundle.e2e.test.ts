import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { initialJs } from "./support/initial-js.ts";

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist/web");
const BUDGET = 250 * 1024;

/** The dashboard's first load stays small (the build is made by vitest's global setup). */
describe("initial JavaScript", () => {
  it("is at most 250 KB gzipped", () => {
    const { files, totalGzip } = initialJs(DIST);
    expect(files.length).toBeGreaterThan(0);
    console.log(
      `initial JS: ${(totalGzip / 1024).toFixed(1)} KB gzipped (${files.map((f) => `${f.file} ${(f.gzip / 1024).toFixed(1)} KB`).join(", ")})`,
    );
    expect(totalGzip).toBeLessThanOrEqual(BUDGET);
  });
});
