import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { CHROMIUM_FLAGS, findChromium } from "./chromium.ts";

export const SCREENSHOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../screenshots");

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error("no Chromium found (set CHROMIUM_PATH or install chromium)");
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
}

/**
 * A browser tab that records every console error, uncaught exception and failed request of
 * the page; `assertClean()` fails the test if any happened.
 */
export interface TrackedPage {
  page: Page;
  context: BrowserContext;
  errors: string[];
  assertClean(): void;
  screenshot(name: string, options?: { fullPage?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export async function openPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; baseURL: string },
): Promise<TrackedPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    baseURL: options.baseURL,
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on("pageerror", (err) => errors.push(`uncaught: ${err.message}`));
  page.on("requestfailed", (req) => {
    // A navigation away (or a stream closed by leaving the page) aborts requests: not an error.
    const failure = req.failure()?.errorText ?? "";
    if (!/ERR_ABORTED|NS_BINDING_ABORTED/.test(failure))
      errors.push(`request failed: ${req.url()} ${failure}`);
  });
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    page,
    context,
    errors,
    assertClean() {
      if (errors.length > 0) throw new Error(`the page logged errors:\n${errors.join("\n")}`);
    },
    async screenshot(name, shotOptions = {}) {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: shotOptions.fullPage ?? true });
      return file;
    },
    close: () => context.close(),
  };
}

/** Fills the owner-setup or sign-up form and submits it. */
export async function fillAccountForm(page: Page, user: { name?: string; email: string; password: string }) {
  if (user.name !== undefined) await page.getByLabel("Your name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
}
