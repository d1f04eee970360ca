import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberWithRole, signUp, type TestSession, uniqueEmail } from "../../../test/support/auth-helper.ts";
import { availableBackends, provisionBackend, type TestBackend } from "../../../test/support/backends.ts";
import { DEMO, type PipelineHarness, startPipeline } from "../../../test/support/pipeline-harness.ts";
import type { LeadPage, LeadSaved, LeadView } from "../../shared/api/leads.ts";
import { contacts, instagramAccounts } from "../db/schema/index.ts";

/**
 * /api/leads over real HTTP on a real runtime (web + worker, the sandbox as Instagram): dedupe
 * by Instagram id and email, E.164 phones, filters, sort and cursor paging, bulk actions, a
 * lead from a conversation, and save_lead run by an automation.
 */
describe.each(availableBackends())("leads API on %s", (backendName) => {
  let backend: TestBackend;
  let h: PipelineHarness;
  let owner: TestSession;
  let other: TestSession;

  const call = async <T>(s: TestSession, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${h.base}${path}`, {
      method,
      headers: s.headers(),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const create = async (body: unknown, status = 201) => {
    const res = await call<LeadSaved>(owner, "POST", "/api/leads", body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body.lead;
  };
  const list = async (query: string, s = owner) => {
    const res = await call<LeadPage>(s, "GET", `/api/leads?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    h = await startPipeline(backend, { SANDBOX: "on" });
    owner = h.owner;
    other = await signUp(h.base, owner.origin, { email: uniqueEmail("other") });
  });
  afterAll(async () => {
    await h?.stop();
    await backend?.dispose();
  });

  it("creates a lead with a normalized email and an E.164 phone; the same email again merges", async () => {
    const lead = await create({
      name: "Ada Lovelace",
      email: "Ada@Example.org",
      phone: "+1 (415) 555-2671",
      tags: ["vip"],
      fields: { plan: "pro" },
    });
    expect(lead).toMatchObject({
      name: "Ada Lovelace",
      email: "ada@example.org",
      phone: "+14155552671",
      source: "manual",
      dmStatus: "none",
      dmAttempts: 0,
      tags: ["vip"],
    });
    const again = await call<LeadSaved>(owner, "POST", "/api/leads", {
      email: "ada@example.org",
      username: "@Ada.L",
      tags: ["vip", "course"],
      fields: { city: "London" },
      source: "api",
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      created: false,
      lead: {
        id: lead.id,
        name: "Ada Lovelace",
        username: "ada.l",
        source: "manual", // the first touch is kept
        tags: ["vip", "course"],
        fields: { plan: "pro", city: "London" },
      },
    });
  });

  it("dedupes by Instagram id; refuses bad input per field (400) and an email another lead has (409)", async () => {
    const first = await create({ instagramId: "900000000000001", username: "grace" });
    const second = await call<LeadSaved>(owner, "POST", "/api/leads", {
      instagramId: "900000000000001",
      email: "grace@example.org",
    });
    expect(second.body).toMatchObject({ created: false, lead: { id: first.id, email: "grace@example.org" } });

    const badPhone = await call<{ error: { code: string; message: string } }>(owner, "POST", "/api/leads", {
      name: "x",
      phone: "12345",
    });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error).toMatchObject({
      code: "validation_failed",
      message: expect.stringMatching(/^phone:/),
    });
    const badEmail = await call<{ error: { message: string } }>(owner, "POST", "/api/leads", {
      email: "nope",
    });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error.message).toMatch(/^email:/);
    expect((await call(owner, "POST", "/api/leads", { notes: "nobody" })).status).toBe(400);

    const conflict = await call(owner, "PATCH", `/api/leads/${first.id}`, { email: "ada@example.org" });
    expect(conflict.status).toBe(409);
  });

  it("filters, searches, sorts and pages with a cursor, in the caller's workspace only", async () => {
    for (let i = 0; i < 7; i++) {
      await create({
        name: `Page Person ${String.fromCharCode(71 - i)}`,
        source: i % 2 ? "referral" : "import",
        tags: ["paged"],
      });
    }
    await call(other, "POST", "/api/leads", { name: "Page Person Z", tags: ["paged"] });

    const seen: LeadView[] = [];
    let cursor: string | null = null;
    do {
      const page: LeadPage = await list(`tag=paged&sort=name&limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((l) => l.name)).toEqual(
      ["A", "B", "C", "D", "E", "F", "G"].map((c) => `Page Person ${c}`),
    );

    const newest = await list("tag=paged&limit=2");
    expect(newest.items.map((l) => l.name)).toEqual(["Page Person A", "Page Person B"]);
    expect((await list("tag=paged&source=referral")).items).toHaveLength(3);
    expect((await list("q=person%20d")).items.map((l) => l.name)).toEqual(["Page Person D"]);
    expect((await list("tag=paged&dmStatus=sent")).items).toHaveLength(0);
    expect(
      (await list(`tag=paged&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).items,
    ).toHaveLength(0);
    expect((await list("tag=paged", other)).items.map((l) => l.name)).toEqual(["Page Person Z"]);
    expect((await call(owner, "GET", "/api/leads?cursor=garbage")).status).toBe(400);
    expect((await call(owner, "GET", "/api/leads?sort=email")).status).toBe(400);
  });

  it("gets, updates, deletes; bulk tags, untags and deletes only the workspace's leads", async () => {
    const a = await create({ name: "Bulk A" });
    const b = await create({ name: "Bulk B" });
    const foreign = (await call<LeadSaved>(other, "POST", "/api/leads", { name: "Foreign" })).body.lead;

    const patched = await call<LeadView>(owner, "PATCH", `/api/leads/${a.id}`, {
      notes: "called",
      phone: "+44 20 7946 0958",
    });
    expect(patched.body).toMatchObject({ notes: "called", phone: "+442079460958" });
    expect((await call<LeadView>(owner, "GET", `/api/leads/${a.id}`)).body.notes).toBe("called");
    expect((await call(other, "GET", `/api/leads/${a.id}`)).status).toBe(404);
    expect((await call(other, "PATCH", `/api/leads/${a.id}`, { notes: "x" })).status).toBe(404);
    expect((await call(owner, "GET", "/api/leads/not-a-uuid")).status).toBe(404);

    const ids = [a.id, b.id, foreign.id];
    const tagged = await call<{ affected: number }>(owner, "POST", "/api/leads/bulk", {
      action: "tag",
      ids,
      tag: "hot",
    });
    expect(tagged.body.affected).toBe(2);
    expect(
      (await call<{ affected: number }>(owner, "POST", "/api/leads/bulk", { action: "tag", ids, tag: "hot" }))
        .body.affected,
    ).toBe(0);
    expect((await list("tag=hot")).items.map((l) => l.name).sort()).toEqual(["Bulk A", "Bulk B"]);
    expect(
      (
        await call<{ affected: number }>(owner, "POST", "/api/leads/bulk", {
          action: "untag",
          ids,
          tag: "hot",
        })
      ).body.affected,
    ).toBe(2);
    expect((await call(owner, "POST", "/api/leads/bulk", { action: "explode", ids })).status).toBe(400);

    expect((await call(other, "DELETE", `/api/leads/${a.id}`)).status).toBe(404);
    expect((await call(owner, "DELETE", `/api/leads/${a.id}`)).status).toBe(204);
    expect((await call(owner, "GET", `/api/leads/${a.id}`)).status).toBe(404);
    const deleted = await call<{ affected: number }>(owner, "POST", "/api/leads/bulk", {
      action: "delete",
      ids,
    });
    expect(deleted.body.affected).toBe(1);
    expect((await call(other, "GET", `/api/leads/${foreign.id}`)).status).toBe(200);
  });

  it("a viewer reads but cannot write; an agent may turn a conversation into a lead", async () => {
    const viewer = await memberWithRole(h.base, owner, "viewer");
    expect((await call(viewer, "GET", "/api/leads")).status).toBe(200);
    expect((await call(viewer, "POST", "/api/leads", { name: "no" })).status).toBe(403);
    const agent = await memberWithRole(h.base, owner, "agent");
    expect((await call(agent, "POST", "/api/leads", { name: "no" })).status).toBe(403);
    expect(
      (await call(agent, "POST", "/api/leads/from-contact/00000000-0000-4000-8000-000000000000")).status,
    ).toBe(404);
  });

  it("turns a conversation into a lead (once), and save_lead stores the automation's source and fields", async () => {
    await h.connect();
    await h.createAutomation({
      name: "Giveaway",
      trigger: { type: "dm_keyword" },
      conditions: { keywords: [{ text: "giveaway", match: "contains" }] },
      actions: [
        { type: "set_field", key: "email", value: "Winner@Example.org" },
        { type: "add_tag", tag: "giveaway" },
        { type: "save_lead", source: "spring giveaway" },
        { type: "send_text", variations: ["You're in!"] },
      ],
    });
    const { person } = await h.json<{ person: { igsid: string } }>("POST", `${h.sandbox}/control/people`, {
      username: `lead_${backendName.replace(/\W/g, "")}`,
      followsBusiness: true,
    });
    await h.person(person.igsid).dm("I want the giveaway");
    const lead = await h.until(
      "the lead of the automation",
      async () => (await list("source=automation")).items[0],
    );
    expect(lead).toMatchObject({
      instagramId: person.igsid,
      source: "automation",
      sourceDetail: "spring giveaway",
      email: "winner@example.org",
      tags: ["giveaway"],
      fields: { email: "Winner@Example.org" },
    });
    expect(lead.automationId).toBeTruthy();
    expect(lead.contactId).toBeTruthy();

    // The same conversation made a lead by hand: the same lead, not a second one.
    const fromContact = await call<LeadSaved>(owner, "POST", `/api/leads/from-contact/${lead.contactId}`);
    expect(fromContact.status).toBe(200);
    expect(fromContact.body).toMatchObject({ created: false, lead: { id: lead.id, source: "automation" } });
    expect((await call(other, "POST", `/api/leads/from-contact/${lead.contactId}`)).status).toBe(404);
    const [contact] = await h.runtime.database.db
      .select()
      .from(contacts)
      .where(eq(contacts.id, lead.contactId as string));
    expect(contact?.isLead).toBe(true);

    // A conversation that is not a lead yet → 201.
    const [account] = await h.runtime.database.db
      .select()
      .from(instagramAccounts)
      .where(eq(instagramAccounts.igUserId, DEMO.account.id));
    const [fresh] = await h.runtime.database.db
      .insert(contacts)
      .values({
        workspaceId: contact?.workspaceId as string,
        accountId: account?.id as string,
        igsid: "900000000000777",
        username: "walkin",
      })
      .returning();
    const created = await call<LeadSaved>(owner, "POST", `/api/leads/from-contact/${fresh?.id}`);
    expect(created.status).toBe(201);
    expect(created.body.lead).toMatchObject({
      source: "instagram_dm",
      username: "walkin",
      instagramId: "900000000000777",
    });
  });
});
