/**
 * Just enough of a browser for OAuth redirects in tests: a cookie jar (per host), manual
 * redirects, and HTML forms read with the attributes the pages actually use.
 */
export interface Page {
  url: string;
  status: number;
  location: string | null;
  text: string;
}

export interface Form {
  action: string;
  method: string;
  fields: Record<string, string>;
  /** radio name → the values offered */
  choices: Record<string, string[]>;
}

const attr = (tag: string, name: string) => tag.match(new RegExp(`${name}="([^"]*)"`))?.[1];
const decodeEntities = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");

export function readForm(html: string, pageUrl: string): Form {
  const open = html.match(/<form[^>]*>/)?.[0];
  if (!open) throw new Error(`no form on the page:\n${html.slice(0, 500)}`);
  const fields: Record<string, string> = {};
  const choices: Record<string, string[]> = {};
  for (const input of html.match(/<input[^>]*>/g) ?? []) {
    const name = attr(input, "name");
    if (!name) continue;
    const value = decodeEntities(attr(input, "value") ?? "");
    if (attr(input, "type") === "radio") {
      choices[name] = [...(choices[name] ?? []), value];
      if (/\schecked/.test(input)) fields[name] = value;
    } else fields[name] = value;
  }
  return {
    action: new URL(decodeEntities(attr(open, "action") ?? pageUrl), pageUrl).toString(),
    method: (attr(open, "method") ?? "get").toUpperCase(),
    fields,
    choices,
  };
}

export class TestBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  private cookieHeader(url: string) {
    const cookies = this.jar.get(new URL(url).host);
    return cookies ? [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") : "";
  }

  private store(url: string, res: Response) {
    const host = new URL(url).host;
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0) continue;
      const cookies = this.jar.get(host) ?? new Map<string, string>();
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
      this.jar.set(host, cookies);
    }
  }

  /** Starts with the cookies of `header` ("a=1; b=2") for `url`'s host, e.g. a signed-in session. */
  withCookies(url: string, header: string): this {
    const cookies = this.jar.get(new URL(url).host) ?? new Map<string, string>();
    for (const pair of header.split(/;\s*/).filter(Boolean)) {
      const eq = pair.indexOf("=");
      if (eq > 0) cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    this.jar.set(new URL(url).host, cookies);
    return this;
  }

  forget(host: string): this {
    this.jar.delete(host);
    return this;
  }

  async request(
    url: string,
    init: { method?: string; form?: Record<string, string>; from?: string } = {},
  ): Promise<Page> {
    const headers: Record<string, string> = { cookie: this.cookieHeader(url) };
    // A browser names the page a form was posted from; servers check it against CSRF.
    if (init.from && (init.method ?? "GET") !== "GET") headers.origin = new URL(init.from).origin;
    let body: string | undefined;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, { method: init.method ?? "GET", headers, body, redirect: "manual" });
    this.store(url, res);
    const location = res.headers.get("location");
    return {
      url,
      status: res.status,
      location: location ? new URL(location, url).toString() : null,
      text: await res.text(),
    };
  }

  /** GETs `url` and follows redirects (a browser drops the #fragment before requesting). */
  async visit(url: string, maxRedirects = 5): Promise<Page> {
    let page = await this.request(url.split("#")[0] as string);
    for (let i = 0; i < maxRedirects && page.location && page.status >= 300 && page.status < 400; i++) {
      page = await this.request(page.location.split("#")[0] as string);
    }
    return page;
  }

  /** Submits the page's form with `changes`, then follows redirects. */
  async submit(page: Page, changes: Record<string, string> = {}): Promise<Page> {
    const form = readForm(page.text, page.url);
    let result = await this.request(form.action, {
      method: form.method,
      from: page.url,
      form: { ...form.fields, ...changes },
    });
    for (let i = 0; i < 5 && result.location && result.status >= 300 && result.status < 400; i++) {
      result = await this.request(result.location.split("#")[0] as string);
    }
    return result;
  }
}
