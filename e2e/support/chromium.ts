import fs from "node:fs";

/** Flags for Debian's Chromium in a container: no sandbox, no GPU, nothing phoning home. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** CHROMIUM_PATH, or Debian's Chromium where apt puts it; undefined when none is installed. */
export function findChromium(env: Record<string, string | undefined> = process.env): string | undefined {
  const configured = env.CHROMIUM_PATH;
  if (configured) return fs.existsSync(configured) ? configured : undefined;
  return CANDIDATES.find((p) => fs.existsSync(p));
}

/** Set in CI (.ci/run): a missing Chromium fails the run instead of skipping the browser tests. */
export const REQUIRE_BROWSER = process.env.REQUIRE_E2E === "1";
