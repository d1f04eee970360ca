import { timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { ApiError } from "../../../shared/api/errors.ts";
import type { WebhookIngest } from "../../ingest/webhook-ingest.ts";
import type { AppEnv } from "../app-env.ts";
import { limitBody } from "../middleware/body-limit.ts";
import { reply } from "../respond.ts";

const MAX_BODY_BYTES = 1_000_000;

function sameText(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Meta's webhook: GET verifies the subscription; POST follows the fixed order — cap the body,
 * read the raw bytes, check the signature in constant time, store, enqueue, then 200.
 */
export function instagramWebhookRoutes(deps: { ingest: WebhookIngest; verifyToken: string | undefined }) {
  return new Hono<AppEnv>()
    .get("/webhooks/instagram", (c) => {
      const mode = c.req.query("hub.mode");
      const token = c.req.query("hub.verify_token") ?? "";
      const challenge = c.req.query("hub.challenge") ?? "";
      if (mode === "subscribe" && deps.verifyToken && sameText(token, deps.verifyToken)) {
        return c.text(challenge, 200);
      }
      return c.text("Forbidden", 403);
    })
    .post(
      "/webhooks/instagram",
      limitBody(MAX_BODY_BYTES, "webhook bodies are limited to 1 MB"),
      async (c) => {
        const raw = new Uint8Array(await c.req.arrayBuffer());
        const outcome = await deps.ingest.receive(raw, c.req.header("x-hub-signature-256"));
        const log = c.get("logger");
        switch (outcome.kind) {
          // The access log already has a line per delivery; the counts are for debugging.
          case "accepted":
            log.debug({ stored: outcome.stored, duplicates: outcome.duplicates }, "webhook.accepted");
            return c.text("EVENT_RECEIVED", 200);
          case "duplicate":
            log.debug({ events: outcome.events }, "webhook.duplicate");
            return c.text("EVENT_RECEIVED", 200);
          case "ignored":
            log.info({ reasons: outcome.reasons.slice(0, 5) }, "webhook.ignored");
            return c.text("EVENT_RECEIVED", 200);
          case "set_aside":
            // Stored as rejected with its reason (capped): a 200, or Meta would retry it for days.
            log.warn({ payloadId: outcome.payloadId, reason: outcome.reason }, "webhook.set-aside");
            return c.text("EVENT_RECEIVED", 200);
          case "rejected":
            log.warn({ reason: outcome.reason }, "webhook.rejected");
            return outcome.reason === "bad_signature"
              ? reply(c, ApiError, { error: { code: "bad_signature", message: outcome.message } }, 401)
              : reply(c, ApiError, { error: { code: "malformed", message: outcome.message } }, 400);
        }
      },
    );
}
