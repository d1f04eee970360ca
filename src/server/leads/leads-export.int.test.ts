import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberWithRole, signUp, type TestSession, uniqueEmail } from "../../../test/support/auth-helper.ts";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { testConfig } from "../../../test/support/test-config.ts";
import { leads } from "../db/schema/index.ts";
import { createLogger } from "../observability/logger.ts";
import { type Runtime, startRuntime } from "../runtime.ts";

const logger = createLogger({ log: { level: "silent", format: "json" }, version: "test" });
const COUNT = 10_000;

/** Names a spreadsheet would run as a formula, or a parser would split, every 7th lead. */
const TRICKY = [
  '=HYPERLINK("http://x","click")',
  "+1 cell",
  "-2+3",
  "@SUM(A1)",
  'He said "hi", twice',
  "two\r\nlines",
  "Zoë 中文 😀",
];

/**
 * GET /api/leads/export.csv over real HTTP: 10,000 leads (and another workspace's) exported,
 * parsed back with csv-parse (an independent RFC 4180 parser): every lead once, quotes and line
 * breaks intact, formula cells prefixed with '; the list's filters apply; it is streamed — a
 * lead written after the download began, sorting last, is in the file, so later pages are read
 * while the answer is being sent, not loaded whole before.
 */
describe.each(availableBackends())("leads CSV export on %s", (backendName) => {
  let backend: TestBackend;
  let runtime: Runtime;
  let base: string;
  let owner: TestSession;
  let other: TestSession;
  let workspaceId: string;

  const workspaceOf = async (s: TestSession) =>
    (
      (await (await fetch(`${base}/api/me`, { headers: s.headers() })).json()) as {
        workspace: { id: string };
      }
    ).workspace.id;

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    const config = testConfig(backend);
    runtime = await startRuntime(config, ["web"], logger);
    base = runtime.url as string;
    owner = await signUp(base, config.http.appUrl, { email: uniqueEmail("export-owner") });
    other = await signUp(base, config.http.appUrl, { email: uniqueEmail("export-other") });
    workspaceId = await workspaceOf(owner);
    const start = Date.UTC(2026, 0, 1);
    for (let from = 0; from < COUNT; from += 1_000) {
      await runtime.database.db.insert(leads).values(
        Array.from({ length: 1_000 }, (_, k) => {
          const i = from + k;
          return {
            workspaceId,
            name: i % 7 === 0 ? `${TRICKY[(i / 7) % TRICKY.length]} #${i}` : `Lead ${i}`,
            email: `lead${i}@example.test`,
            phone: i % 3 === 0 ? "+14155552671" : null,
            source: i % 2 === 0 ? ("import" as const) : ("website" as const),
            tags: i % 5 === 0 ? ["vip", "a,b"] : [],
            fields: (i % 11 === 0 ? { note: 'x "y"' } : {}) as Record<string, string>,
            createdAt: new Date(start + i * 1000),
          };
        }),
      );
    }
    await runtime.database.db
      .insert(leads)
      .values({ workspaceId: await workspaceOf(other), name: "Other's lead", source: "manual" });
  }, 180_000);
  afterAll(async () => {
    await runtime?.stop();
    await backend?.dispose();
  });

  const rowsOf = (csv: string) =>
    parse(csv, { columns: true, relax_quotes: false }) as Record<string, string>[];

  it("exports every lead once, RFC 4180-quoted and formula-safe, streamed page by page", async () => {
    const res = await fetch(`${base}/api/leads/export.csv`, { headers: owner.headers() });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(res.headers.get("content-length")).toBeNull();

    // Read the first chunk, then write a lead that sorts last (the oldest): a stream still
    // reading pages finds it; an export built before the first byte was sent would not.
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const chunks: Uint8Array[] = [];
    const first = await reader.read();
    chunks.push(first.value as Uint8Array);
    await runtime.database.db.insert(leads).values({
      workspaceId,
      name: "Late =arrival",
      source: "api",
      createdAt: new Date(Date.UTC(2020, 0, 1)),
    });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    expect(chunks.length).toBeGreaterThan(5);
    const csv = Buffer.concat(chunks).toString("utf8");
    expect(csv.startsWith("id,name,username,instagram_id,email,phone,source,")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);

    const rows = rowsOf(csv);
    expect(rows).toHaveLength(COUNT + 1);
    expect(new Set(rows.map((r) => r.id)).size).toBe(COUNT + 1);
    expect(rows.some((r) => r.name === "Other's lead")).toBe(false);
    // Newest first (the list's default sort), the late one last.
    expect(rows[0]?.name).toBe(`Lead ${COUNT - 1}`);
    expect(rows.at(-1)).toMatchObject({ name: "Late =arrival", source: "api" });

    const byEmail = new Map(rows.map((r) => [r.email, r]));
    expect(byEmail.get("lead0@example.test")).toMatchObject({
      name: `'=HYPERLINK("http://x","click") #0`,
      phone: "'+14155552671",
      source: "import",
      tags: "vip;a,b",
      fields: '{"note":"x \\"y\\""}',
    });
    expect(byEmail.get("lead7@example.test")?.name).toBe("'+1 cell #7");
    expect(byEmail.get("lead14@example.test")?.name).toBe("'-2+3 #14");
    expect(byEmail.get("lead21@example.test")?.name).toBe("'@SUM(A1) #21");
    expect(byEmail.get("lead28@example.test")?.name).toBe('He said "hi", twice #28');
    expect(byEmail.get("lead35@example.test")?.name).toBe("two\r\nlines #35");
    expect(byEmail.get("lead42@example.test")?.name).toBe("Zoë 中文 😀 #42");
    expect(byEmail.get("lead1@example.test")).toMatchObject({
      name: "Lead 1",
      phone: "",
      tags: "",
      source: "website",
    });
    // No cell of the file starts a formula.
    for (const r of rows) for (const v of Object.values(r)) expect(/^[=+\-@\t\r]/.test(v), v).toBe(false);
  }, 120_000);

  it("applies the list's filters and sort; a bad filter is a 400; agents (leads:read) may export", async () => {
    const res = await fetch(`${base}/api/leads/export.csv?source=website&tag=vip&sort=createdAt`, {
      headers: owner.headers(),
    });
    const rows = rowsOf(await res.text());
    // Odd i (website) and a multiple of 5 (vip): 5, 15, 25, ...
    expect(rows).toHaveLength(COUNT / 10);
    expect(rows[0]?.email).toBe("lead5@example.test");
    expect(rows.every((r) => r.source === "website" && (r.tags ?? "").split(";").includes("vip"))).toBe(true);

    const q = await fetch(`${base}/api/leads/export.csv?q=${encodeURIComponent("lead9999@")}`, {
      headers: owner.headers(),
    });
    expect(rowsOf(await q.text()).map((r) => r.email)).toEqual(["lead9999@example.test"]);

    const bad = await fetch(`${base}/api/leads/export.csv?source=nope`, { headers: owner.headers() });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("validation_failed");

    const agent = await memberWithRole(base, owner, "agent");
    const asAgent = await fetch(`${base}/api/leads/export.csv?q=lead42@`, { headers: agent.headers() });
    expect(asAgent.status).toBe(200);
    expect(rowsOf(await asAgent.text())).toHaveLength(1);
    expect((await fetch(`${base}/api/leads/export.csv`)).status).toBe(401);
  });
});
