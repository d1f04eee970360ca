import { html } from "hono/html";

/**
 * The frame of autodm's small server-rendered pages (the end of a login, the data-deletion status,
 * the privacy policy): readable without JavaScript, which Meta's crawler does not run.
 * `html` escapes every interpolated value.
 */
export function layout(title: string, body: ReturnType<typeof html>) {
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
