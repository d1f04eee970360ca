import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableBackends, provisionBackend, type TestBackend } from "../../../../test/support/backends.ts";
import { DEMO, type PipelineHarness, startPipeline } from "../../../../test/support/pipeline-harness.ts";

/**
 * GET /api/instagram/accounts/:id/media: the connected account's posts and reels, read through
 * the Graph API (the sandbox's media and stories edges), for the builder's pickers. Stories come last,
 * another account's media never shows, an unknown account is 404.
 */
describe.each(availableBackends())("account media on %s", (backendName) => {
  let backend: TestBackend;
  let h: PipelineHarness;
  let accountId: string;

  beforeAll(async () => {
    backend = await provisionBackend(backendName);
    h = await startPipeline(backend);
    await h.connect();
    const { accounts } = await h.json<{ accounts: { id: string; igUserId: string }[] }>(
      "GET",
      `${h.base}/api/instagram/accounts`,
    );
    accountId = accounts.find((a) => a.igUserId === DEMO.account.id)?.id as string;
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await backend?.dispose();
  });

  it("lists the account's posts and reels from Instagram, newest first, then its stories", async () => {
    const created = await h.json<{ media: { id: string } }>("POST", `${h.sandbox}/control/media`, {
      accountId: DEMO.account.id,
      kind: "reel",
      caption: "Fresh reel",
    });
    const { media } = await h.json<{ media: { id: string; caption: string; kind: string }[] }>(
      "GET",
      `${h.base}/api/instagram/accounts/${accountId}/media`,
    );
    expect(media[0]).toMatchObject({ id: created.media.id, caption: "Fresh reel", kind: "reel" });
    const ids = media.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining([DEMO.media.post1, DEMO.media.post2, DEMO.media.reel]));
    expect(media.at(-1)).toMatchObject({ id: DEMO.media.story, kind: "story" });
    expect(ids).not.toContain(DEMO.media.cafePost);
    expect(media.find((m) => m.id === DEMO.media.post1)).toMatchObject({
      caption: "New drop! Comment PRICE",
      kind: "post",
    });
  });

  it("answers 404 for an account that is not in the workspace", async () => {
    const res = await fetch(`${h.base}/api/instagram/accounts/00000000-0000-4000-8000-000000000000/media`, {
      headers: h.owner.headers(),
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});
