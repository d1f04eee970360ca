import type { Browser, Page } from "playwright-core";
import { DESKTOP, fillAccountForm, launchBrowser, openPage, type TrackedPage } from "./browser.ts";
import { type E2eApp, startE2eApp } from "./e2e-app.ts";

export interface Owner {
  name: string;
  email: string;
  password: string;
}

/** The first account of a fresh install, made through the setup page (the only page it offers). */
export async function createOwner(page: Page, owner: Owner) {
  await page.goto("/");
  await page.waitForURL("**/setup");
  await fillAccountForm(page, owner);
  await page.getByRole("button", { name: "Create the owner account" }).click();
  const firstName = owner.name.split(" ")[0] ?? owner.name;
  await page.getByRole("heading", { name: new RegExp(`Hello, ${firstName}`) }).waitFor();
}

/** Connects the sandbox's Instagram account through its login dialog. */
export async function connectSandbox(page: Page) {
  await page.goto("/api/instagram/connect/sandbox/start");
  await page.getByRole("button", { name: "Allow" }).click();
  await page.getByText("is connected").waitFor();
}

export interface OwnerApp {
  app: E2eApp;
  browser: Browser;
  /** A desktop tab signed in as the owner. */
  tab: TrackedPage;
  close(): Promise<void>;
}

/**
 * The set-up most browser tests share: the real runtime on a fresh database, a browser, the
 * owner created through the setup page and, if asked, the sandbox account connected.
 */
export async function startOwnerApp(
  owner: Owner,
  opts: { connectSandbox?: boolean } = {},
): Promise<OwnerApp> {
  const app = await startE2eApp();
  let browser: Browser | undefined;
  let tab: TrackedPage | undefined;
  const close = async () => {
    await tab?.close();
    await browser?.close();
    await app.stop();
  };
  try {
    browser = await launchBrowser();
    tab = await openPage(browser, { baseURL: app.url, viewport: DESKTOP });
    await createOwner(tab.page, owner);
    if (opts.connectSandbox) await connectSandbox(tab.page);
    return { app, browser, tab, close };
  } catch (err) {
    await close();
    throw err;
  }
}
