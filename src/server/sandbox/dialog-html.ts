/** The small, script-free HTML of the simulated consent dialogs. */
export const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] as string,
  );

const STYLE = `
body{font:15px/1.4 system-ui,sans-serif;background:#fafafa;margin:0;display:flex;justify-content:center}
main{background:#fff;border:1px solid #dbdbdb;border-radius:12px;margin:48px 16px;padding:24px 28px;max-width:420px;width:100%}
h1{font-size:20px;margin:0 0 4px}.muted{color:#737373;font-size:13px}
label.choice{display:flex;gap:10px;align-items:center;border:1px solid #dbdbdb;border-radius:8px;padding:10px 12px;margin:8px 0;cursor:pointer}
ul{margin:4px 0 0 22px;padding:0;font-size:13px;color:#444}
.actions{display:flex;gap:8px;margin-top:20px}
button{flex:1;font:inherit;padding:10px;border-radius:8px;border:1px solid #dbdbdb;background:#fff;cursor:pointer}
button.primary{background:#0095f6;border-color:#0095f6;color:#fff;font-weight:600}
code{font-size:12px}`;

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)} · autodm sandbox</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function errorPage(message: string): string {
  return page(
    "Error",
    `<h1>Something went wrong</h1><p>${esc(message)}</p><p class="muted">autodm sandbox — simulated Meta login</p>`,
  );
}

export interface DialogChoice {
  value: string;
  label: string;
  details?: string[];
}

export function consentPage(input: {
  title: string;
  intro: string;
  choiceName: string;
  choices: DialogChoice[];
  hidden: Record<string, string>;
  scopes: string[];
}): string {
  const hidden = Object.entries(input.hidden)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("");
  const choices = input.choices
    .map(
      (ch, i) =>
        `<label class="choice"><input type="radio" name="${esc(input.choiceName)}" value="${esc(ch.value)}"${i === 0 ? " checked" : ""}><span><strong>${esc(ch.label)}</strong>${
          ch.details?.length ? `<ul>${ch.details.map((d) => `<li>${esc(d)}</li>`).join("")}</ul>` : ""
        }</span></label>`,
    )
    .join("");
  const scopes = input.scopes.length
    ? `<p class="muted">Requested: ${input.scopes.map((s) => `<code>${esc(s)}</code>`).join(", ")}</p>`
    : "";
  return page(
    input.title,
    `<h1>${esc(input.title)}</h1><p class="muted">${esc(input.intro)}</p><form method="post">${hidden}${choices}${scopes}<div class="actions"><button type="submit" name="decision" value="cancel">Cancel</button><button class="primary" type="submit" name="decision" value="allow">Allow</button></div></form>`,
  );
}
