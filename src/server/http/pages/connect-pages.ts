import { html } from "hono/html";
import type { PendingPage } from "../../instagram/connect-service.ts";
import { layout } from "./page-layout.ts";

export function connectedPage(username: string, returnTo: string) {
  return layout(
    "Connected",
    html`<h1>@${username} is connected</h1>
      <p>autodm now receives this account's messages and comments.</p>
      <a class="button" href="${returnTo}">Continue</a>`,
  );
}

export function deniedPage(reason: string, returnTo: string) {
  return layout(
    "Not connected",
    html`<h1>No problem</h1>
      <p>${reason}</p>
      <a class="button" href="${returnTo}">Back to autodm</a>`,
  );
}

export function failedPage(message: string, returnTo: string) {
  return layout(
    "Could not connect",
    html`<h1>The account could not be connected</h1>
      <p>${message}</p>
      <p>Try again; if it keeps failing, check the app's settings in Meta's dashboard.</p>
      <a class="button" href="${returnTo}">Back to autodm</a>`,
  );
}

export function choosePagePage(state: string, pages: PendingPage[]) {
  return layout(
    "Choose an account",
    html`<h1>Which account should autodm answer for?</h1>
      <p>Your Facebook Pages below are linked to Instagram professional accounts.</p>
      <form method="post" action="/api/instagram/connect/facebook/choose">
        <input type="hidden" name="state" value="${state}" />
        ${pages.map(
          (p, i) =>
            html`<label><input type="radio" name="pageId" value="${p.pageId}" ${i === 0 ? "checked" : ""} />
              <span><strong>@${p.username}</strong> — Page “${p.pageName}”</span></label>`,
        )}
        <button type="submit">Connect</button>
      </form>`,
  );
}
