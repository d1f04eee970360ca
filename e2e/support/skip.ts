import { findChromium, REQUIRE_BROWSER } from "./chromium.ts";

/**
 * True when the browser tests must skip: no Chromium here. Says so on stderr; with
 * REQUIRE_E2E=1 (CI) a missing Chromium is an error instead.
 */
export function noBrowser(): boolean {
  if (findChromium()) return false;
  if (REQUIRE_BROWSER)
    throw new Error("REQUIRE_E2E=1 but no Chromium was found (install chromium or set CHROMIUM_PATH)");
  console.warn("e2e: skipped — no Chromium found (install chromium, or set CHROMIUM_PATH)");
  return true;
}
