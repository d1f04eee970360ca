import { Hono } from "hono";
import { z } from "zod";
import { DataDeletionAnswer, DeauthorizeAnswer, SignedRequestForm } from "../../../shared/api/compliance.ts";
import type { DataDeletionService } from "../../compliance/data-deletion-service.ts";
import type { DeauthorizeService } from "../../compliance/deauthorize-service.ts";
import { verifySignedRequest } from "../../compliance/signed-request.ts";
import type { AppEnv } from "../app-env.ts";
import { deletionStatusPage } from "../pages/compliance-pages.ts";
import { reply } from "../respond.ts";
import { validate } from "../validate.ts";

export const DeletionStatusQuery = z.object({ code: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) });

/**
 * The callbacks a Meta app must declare before it can go live (META_PLATFORM.md §6), signed by
 * the app secret; a bad or missing signature is a 400 and touches nothing.
 */
export function metaCallbackRoutes(deps: {
  deletion: DataDeletionService;
  deauthorize: DeauthorizeService;
  /** Every app secret that may sign (the Instagram app, the Meta app, the sandbox's). */
  secrets: () => readonly string[];
  appUrl: string;
}) {
  return new Hono<AppEnv>()
    .post("/meta/data-deletion", validate("form", SignedRequestForm), async (c) => {
      const { user_id } = verifySignedRequest(c.req.valid("form").signed_request, deps.secrets());
      const { confirmationCode } = await deps.deletion.request(user_id);
      const url = `${deps.appUrl}/meta/data-deletion/status?code=${encodeURIComponent(confirmationCode)}`;
      return reply(c, DataDeletionAnswer, { url, confirmation_code: confirmationCode });
    })
    .get("/meta/data-deletion/status", validate("query", DeletionStatusQuery), async (c) => {
      const { code } = c.req.valid("query");
      const state = await deps.deletion.status(code);
      c.header("Cache-Control", "no-store");
      return c.html(deletionStatusPage(code, state), state ? 200 : 404);
    })
    .post("/meta/deauthorize", validate("form", SignedRequestForm), async (c) => {
      const { user_id } = verifySignedRequest(c.req.valid("form").signed_request, deps.secrets());
      await deps.deauthorize.deauthorize(user_id);
      return reply(c, DeauthorizeAnswer, { ok: true });
    });
}
