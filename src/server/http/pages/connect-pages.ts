import { html } from "hono/html";
import type { PendingPage } from "../../instagram/connect-service.ts";

/**
 * Small server-rendered pages for the end of a login (the dashboard may take these over).
 * `html` escapes every interpolated value.
 */
function layout(title: string, body: ReturnType<typeof html>) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · autodm</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; background: #f8fafc; color: #0f172a; margin: 0; }
      main { max-width: 32rem; margin: 12vh auto; background: #fff; border: 1px solid #e2e8f0; border-radius: 1rem; padding: 2rem; }
      h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
      p { color: #475569; }
      a.button, button { display: inline-block; background: #7c3aed; color: #fff; border: 0; border-radius: .6rem; padding: .6rem 1rem; font: inherit; text-decoration: none; cursor: pointer; }
      label { display: flex; gap: .6rem; align-items: center; padding: .6rem; border: 1px solid #e2e8f0; border-radius: .6rem; margin: .5rem 0; }
      :focus-visible { outline: 2px solid #7c3aed; outline-offset: 2px; }
    </style>
  </head>
  <body><main>${body}</main></body>
</html>`;
}

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
