import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberWithRole, signUp, type TestSession, uniqueEmail } from "../../../test/support/auth-helper.ts";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { testConfig } from "../../../test/support/test-config.ts";
import type { LeadPage, LeadSaved } from "../../shared/api/leads.ts";
import type { ImportPreview, ImportResult } from "../../shared/api/leads-import.ts";
import { createLogger } from "../observability/logger.ts";
import { type Runtime, startRuntime } from "../runtime.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });

/** A file as people make them: a BOM, ; separated, a quoted line break, bad rows among good ones. */
const FILE = [
  "\uFEFFFull Name;E-mail;Phone;Instagram;IG ID;Tags;City",
  "Ada Lovelace;ADA@example.org;+44 20 7946 0958;ada.l;;vip,course;London", // row 2: created
  "Bad Email;not-an-email;;;;;Paris", // row 3: bad email
  "Bad Phone;bad.phone@example.org;12345;;;;Rome", // row 4: bad phone
  '"Grace ""Amazing"" Hopper";grace@example.org;;;900000000000007;;"New\nYork"', // row 5 (two lines)
  ";;;;;;Nowhere", // row 6: nothing identifying
  "Existing By Id;;;;900000000000001;from-file;Oslo", // row 7: merges into the existing lead
  "Ada Again;ada@example.org;;;;late;", // row 8: the same email as row 2 → merged
  "Bad Id;id@example.org;;;12ab;;", // row 9: bad Instagram id
  "Bad Handle;;;not a handle!;;;", // row 10: bad username
].join("\r\n");

/**
 * CSV import over real HTTP: the preview (columns, first rows, a suggested mapping), then the
 * import with that mapping — upserts deduped by Instagram id and email with source `import`,
 * bad rows reported with their row numbers and skipped; phones in a default country; a text/csv
 * body; our own export imported back; the size cap (5 MB, above the API's 1 MB) and bad input.
 */
describe.each(availableBackends())("leads CSV import on %s", (backendName) => {
  let backend: TestBackend;
  let runtime: Runtime;
  let base: string;
  let owner: TestSession;
  let other: TestSession;
  let origin: string;

  const upload = async <T>(
    s: TestSession,
    path: string,
    csv: string,
    fields: Record<string, string> = {},
  ) => {
    const form = new FormData();
    form.set("file", new Blob([csv], { type: "text/csv" }), "leads.csv");
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const headers = s.headers();
    delete headers["content-type"];
    const res = await fetch(`${base}${path}`, { method: "POST", headers, body: form });
    return { status: res.status, body: (await res.json()) as T };
  };
  const leadsOf = async (s: TestSession, query = "") => {
    const res = await fetch(`${base}/api/leads?limit=200${query}`, { headers: s.headers() });
    return ((await res.json()) as LeadPage).items;
  };

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    const config = testConfig(backend);
    runtime = await startRuntime(config, ["web"], logger);
    base = runtime.url as string;
    origin = config.http.appUrl;
    owner = await signUp(base, origin, { email: uniqueEmail("import-owner") });
    other = await signUp(base, origin, { email: uniqueEmail("import-other") });
    const existing = await fetch(`${base}/api/leads`, {
      method: "POST",
      headers: owner.headers(),
      body: JSON.stringify({ instagramId: "900000000000001", username: "known", source: "instagram_dm" }),
    });
    expect(existing.status).toBe(201);
  });
  afterAll(async () => {
    await runtime?.stop();
    await backend?.dispose();
  });

  it("previews the columns, first rows and a suggested mapping", async () => {
    const res = await upload<ImportPreview>(owner, "/api/leads/import/preview", FILE);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      columns: ["Full Name", "E-mail", "Phone", "Instagram", "IG ID", "Tags", "City"],
      totalRows: 9,
      delimiter: ";",
      suggestedMapping: {
        "Full Name": "name",
        "E-mail": "email",
        Phone: "phone",
        Instagram: "username",
        "IG ID": "instagramId",
        Tags: "tags",
        City: "field:city",
      },
    });
    expect(res.body.rows[3]).toEqual([
      'Grace "Amazing" Hopper',
      "grace@example.org",
      "",
      "",
      "900000000000007",
      "",
      "New\nYork",
    ]);
  });

  it("imports good rows (deduped by email and Instagram id) and reports bad ones by row number", async () => {
    const preview = await upload<ImportPreview>(owner, "/api/leads/import/preview", FILE);
    const res = await upload<ImportResult>(owner, "/api/leads/import", FILE, {
      mapping: JSON.stringify(preview.body.suggestedMapping),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ total: 9, created: 2, updated: 2, failed: 5 });
    expect(res.body.errors).toEqual([
      { row: 3, column: "E-mail", message: "E-mail: not a valid email address" },
      { row: 4, column: "Phone", message: expect.stringMatching(/^Phone: not a valid phone number/) },
      { row: 6, column: null, message: "no name, username, email, phone or Instagram id" },
      { row: 9, column: "IG ID", message: "IG ID: an Instagram id is digits only" },
      { row: 10, column: "Instagram", message: expect.stringMatching(/^Instagram: /) },
    ]);

    const all = await leadsOf(owner);
    expect(all).toHaveLength(3);
    const ada = all.find((l) => l.email === "ada@example.org");
    expect(ada).toMatchObject({
      name: "Ada Again", // a later row's name wins, as an API save does
      username: "ada.l",
      phone: "+442079460958",
      source: "import",
      tags: ["vip", "course", "late"],
      fields: { city: "London" },
    });
    expect(all.find((l) => l.instagramId === "900000000000007")).toMatchObject({
      name: 'Grace "Amazing" Hopper',
      source: "import",
      fields: { city: "New\nYork" },
    });
    // The existing lead keeps its first source and gains what the file knew.
    expect(all.find((l) => l.instagramId === "900000000000001")).toMatchObject({
      name: "Existing By Id",
      username: "known",
      source: "instagram_dm",
      tags: ["from-file"],
    });
    expect(await leadsOf(other)).toEqual([]);
  });

  it("reads national numbers in the chosen country; takes a text/csv body with the options in the query", async () => {
    const csv = "name,phone\r\nLocal Number,020 7946 0959\r\n";
    const refused = await upload<ImportResult>(owner, "/api/leads/import", csv);
    expect(refused.body).toMatchObject({ created: 0, failed: 1, errors: [{ row: 2, column: "phone" }] });
    const mapping = encodeURIComponent(JSON.stringify({ name: "name", phone: "phone" }));
    const res = await fetch(`${base}/api/leads/import?defaultCountry=GB&mapping=${mapping}`, {
      method: "POST",
      headers: { ...owner.headers(), "content-type": "text/csv" },
      body: csv,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ created: 1, failed: 0 });
    expect((await leadsOf(owner, "&q=Local")).map((l) => l.phone)).toEqual(["+442079460959"]);
  });

  it("imports our own export back: formula guards undone, fields and tags kept", async () => {
    const exported = await (await fetch(`${base}/api/leads/export.csv`, { headers: owner.headers() })).text();
    const second = await signUp(base, origin, { email: uniqueEmail("import-second") });
    const preview = await upload<ImportPreview>(second, "/api/leads/import/preview", exported);
    expect(preview.body.suggestedMapping).toMatchObject({
      id: "ignore",
      instagram_id: "instagramId",
      source: "ignore",
      fields: "fields",
      created_at: "ignore",
    });
    const res = await upload<ImportResult>(second, "/api/leads/import", exported, {
      mapping: JSON.stringify(preview.body.suggestedMapping),
    });
    const source = parse(exported, { columns: true }) as unknown[];
    expect(res.body).toMatchObject({ total: source.length, created: source.length, failed: 0 });
    const ada = (await leadsOf(second)).find((l) => l.email === "ada@example.org");
    // The export wrote the phone as '+44…; the import reads it as the number again.
    expect(ada).toMatchObject({
      phone: "+442079460958",
      tags: ["vip", "course", "late"],
      fields: { city: "London" },
    });
  });

  it("refuses bad input: mapping, file, type, size (5 MB; 2 MB passes the API's 1 MB cap); viewers", async () => {
    const bad = async (res: { status: number; body: unknown }, status: number, message: RegExp) => {
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect((res.body as { error: { message: string } }).error.message).toMatch(message);
    };
    await bad(await upload(owner, "/api/leads/import", FILE, { mapping: "{" }), 400, /^mapping: not JSON/);
    await bad(
      await upload(owner, "/api/leads/import", FILE, { mapping: '{"Nope":"name"}' }),
      400,
      /no column "Nope"/,
    );
    await bad(
      await upload(owner, "/api/leads/import", FILE, { mapping: '{"Full Name":"email","E-mail":"email"}' }),
      400,
      /email is mapped twice/,
    );
    await bad(
      await upload(owner, "/api/leads/import", FILE, { mapping: '{"City":"field:1x"}' }),
      400,
      /^mapping\.City: /,
    );
    await bad(
      await upload(owner, "/api/leads/import", 'a,b\r\n"open,quote\r\n'),
      400,
      /^file: not a CSV file/,
    );
    await bad(await upload(owner, "/api/leads/import", "\r\n"), 400, /^file: empty/);
    await bad(
      await upload(owner, "/api/leads/import", FILE, { defaultCountry: "gb" }),
      400,
      /^defaultCountry: /,
    );
    const json = await fetch(`${base}/api/leads/import`, {
      method: "POST",
      headers: owner.headers(),
      body: "{}",
    });
    expect(json.status).toBe(400);

    const row = "Big Row,big@example.org,padding padding padding padding padding padding padding\r\n";
    const twoMb = `name,email,note\r\n${row.repeat(Math.ceil((2 * 1024 * 1024) / row.length))}`;
    const preview = await upload<ImportPreview>(owner, "/api/leads/import/preview", twoMb);
    expect(preview.status).toBe(200);
    expect(preview.body.totalRows).toBeGreaterThan(20_000);
    const sixMb = `name,email,note\r\n${row.repeat(Math.ceil((6 * 1024 * 1024) / row.length))}`;
    await bad(await upload(owner, "/api/leads/import/preview", sixMb), 413, /limited to 5 MB/);

    const viewer = await memberWithRole(base, owner, "viewer");
    expect((await upload(viewer, "/api/leads/import", FILE)).status).toBe(403);
  });
});
