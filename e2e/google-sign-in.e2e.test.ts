import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../test/support/auth-helper.ts";
import { type OidcServer, startOidcServer } from "../test/support/oidc-server.ts";
import { DESKTOP, launchBrowser, openPage } from "./support/browser.ts";
import { type E2eApp, startE2eApp } from "./support/e2e-app.ts";
import { noBrowser } from "./support/skip.ts";

/**
 * With Google configured the sign-in page offers it; the button goes through the real redirect
 * dance (a local OpenID Connect server plays Google) and lands signed in.
 */
describe.skipIf(noBrowser())("Google sign-in from the dashboard", () => {
  let oidc: OidcServer;
  let app: E2eApp;
  let browser: Browser;

  beforeAll(async () => {
    oidc = await startOidcServer();
    app = await startE2eApp({
      GOOGLE_CLIENT_ID: oidc.clientId,
      GOOGLE_CLIENT_SECRET: oidc.clientSecret,
      GOOGLE_DISCOVERY_URL: oidc.discoveryUrl,
    });
    await signUp(app.url, app.url, { email: "owner@example.test" }); // the owner exists first
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await oidc?.close();
  });

  it("signs a new person in with Google and opens their workspace", async () => {
    oidc.nextUser = { sub: "g-123", email: "gina@example.test", name: "Gina Google", email_verified: true };
    const tab = await openPage(browser, { baseURL: app.url, viewport: DESKTOP });
    try {
      const { page } = tab;
      await page.goto("/");
      await page.waitForURL("**/sign-in**");
      await page.getByRole("button", { name: "Continue with Google" }).click();
      await page.getByRole("heading", { name: "Hello, Gina" }).waitFor();
      expect(oidc.log.some((l) => l.path === "/authorize")).toBe(true);
      await page.getByText("Gina Google's workspace").waitFor();
      tab.assertClean();
    } finally {
      await tab.close();
    }
  });
});
