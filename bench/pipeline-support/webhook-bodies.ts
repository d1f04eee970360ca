import { randomBytes } from "node:crypto";
import type { AutocannonRequest } from "autocannon";
import { signWebhookBody } from "../../src/server/instagram/webhook-signature.ts";

/** The business account the bench's webhooks are addressed to (never connected: ingestion only). */
export const BENCH_ACCOUNT_ID = "17841400000000777";

const TEXTS = ["price?", "Hi! How much is the course?", "LINK please", "do you ship to Canada? 🇨🇦", "info"];

/**
 * Bodies as Meta sends a DM: one `messaging` item per POST, a unique mid each time (so every
 * request stores a new event instead of hitting the duplicate path), `people` distinct senders
 * in rotation, signed with `secret` over the exact bytes sent.
 */
export class WebhookBodies {
  private n = 0;
  private readonly tag = randomBytes(6).toString("base64url");

  constructor(
    private readonly secret: string,
    private readonly people: number,
  ) {}

  get produced() {
    return this.n;
  }

  next(): { body: string; signature: string } {
    const i = this.n++;
    const now = Date.now();
    // Meta's mids are ~90 characters of base64; keep the size realistic and the value unique.
    const mid = `aWdfZAG1faXRlbToxOklHTWVzc2FnZAU${this.tag}${i.toString(36).padStart(10, "0")}QZDZD`;
    const body = JSON.stringify({
      object: "instagram",
      entry: [
        {
          time: now,
          id: BENCH_ACCOUNT_ID,
          messaging: [
            {
              sender: { id: String(1_000_000_000_000 + (i % this.people)) },
              recipient: { id: BENCH_ACCOUNT_ID },
              timestamp: now,
              message: { mid, text: TEXTS[i % TEXTS.length] },
            },
          ],
        },
      ],
    });
    return { body, signature: signWebhookBody(body, this.secret) };
  }

  /** autocannon's request list: each request gets a fresh body and its signature. */
  requests(path = "/webhooks/instagram"): AutocannonRequest[] {
    return [
      {
        method: "POST",
        path,
        setupRequest: (req) => {
          const { body, signature } = this.next();
          return {
            ...req,
            method: "POST",
            path,
            body,
            headers: {
              "content-type": "application/json",
              "x-hub-signature-256": signature,
              "user-agent": "facebookexternalua",
            },
          };
        },
      },
    ];
  }
}
