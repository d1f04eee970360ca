import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { availableBackends } from "../../../test/support/backends.ts";
import {
  connectInstagram,
  type Kit,
  logger,
  type Received,
  sleep,
  startKit,
  TEST_APP,
  waitFor,
} from "../../../test/support/sandbox-test-kit.ts";
import { createSandbox } from "./index.ts";
import { DEMO } from "./seed.ts";

const { follower, nonFollower } = DEMO.people;

/** Verified independently of the sandbox's own signing code. */
function verify(r: Received): boolean {
  const header = String(r.headers["x-hub-signature-256"] ?? "");
  const expected = Buffer.from(`sha256=${createHmac("sha256", TEST_APP.secret).update(r.raw).digest("hex")}`);
  const got = Buffer.from(header);
  return got.length === expected.length && timingSafeEqual(got, expected);
}
// biome-ignore lint/suspicious/noExplicitAny: reading webhook JSON
const body = (r: Received): any => JSON.parse(r.raw.toString("utf8"));

describe.each(availableBackends())("sandbox webhook sender on %s", (backendName) => {
  let kit: Kit;
  let token: string;

  beforeAll(async () => {
    kit = await startKit(backendName, { deliveryIntervalMs: 30 });
    token = (await connectInstagram(kit, DEMO.account.id)).longToken;
  });
  afterAll(async () => {
    await kit?.stop();
  });
  beforeEach(async () => {
    kit.receiver.setResponder(() => 200);
    await kit.call(
      "POST",
      "/ig-graph/v24.0/me/subscribed_apps?subscribed_fields=messages,comments,messaging_postbacks",
      { token },
    );
    await waitFor(async () =>
      (await kit.control("GET", "/deliveries")).body.outbox.every(
        (o: { status: string }) => o.status !== "pending",
      ),
    );
    kit.receiver.received.length = 0;
  });

  it("signs the exact bytes and escapes non-ASCII as \\uXXXX", async () => {
    const res = await kit.control("POST", `/people/${follower}/comments`, {
      mediaId: DEMO.media.post1,
      text: "café 🙌",
    });
    expect(res.body.queued).toBe(true);
    const r = await waitFor(() => kit.receiver.received[0]);
    expect(verify(r)).toBe(true);
    const raw = r.raw.toString("latin1");
    expect(r.raw.every((byte) => byte < 0x80)).toBe(true);
    expect(raw).toContain("caf\\u00e9 \\ud83d\\ude4c");
    expect(body(r)).toEqual({
      object: "instagram",
      entry: [
        {
          id: DEMO.account.id,
          time: expect.any(Number),
          changes: [
            {
              field: "comments",
              value: {
                id: res.body.id,
                text: "café 🙌",
                from: { id: follower, username: "jane_follows" },
                media: { id: DEMO.media.post1, media_product_type: "FEED" },
              },
            },
          ],
        },
      ],
    });
    expect(body(r).entry[0].time).toBeLessThan(10_000_000_000); // seconds for changes
  });

  it("batches pending events into one POST with several entries and messaging items", async () => {
    await kit.server.sandbox.stop(); // hold delivery while events pile up
    try {
      await kit.control("POST", `/people/${follower}/messages`, { text: "one" });
      await kit.control("POST", `/people/${nonFollower}/messages`, { text: "two" });
      await kit.control("POST", `/people/${follower}/postbacks`, { title: "Go", payload: "GO" });
      await kit.control("POST", `/people/${follower}/comments`, { mediaId: DEMO.media.reel, text: "PRICE" });
      await kit.control("POST", `/people/${follower}/messages`, {
        accountId: DEMO.secondAccount.id,
        text: "not subscribed",
      });
    } finally {
      kit.server.sandbox.start();
    }
    const r = await waitFor(() => kit.receiver.received[0]);
    await sleep(200);
    expect(kit.receiver.received).toHaveLength(1);
    expect(verify(r)).toBe(true);
    const b = body(r);
    expect(b.entry).toHaveLength(2);
    const messaging = b.entry.find((e: { messaging?: unknown }) => e.messaging);
    expect(messaging.id).toBe(DEMO.account.id);
    expect(messaging.time).toBeGreaterThan(10_000_000_000); // ms for messaging
    expect(messaging.messaging).toHaveLength(3);
    expect(messaging.messaging[0]).toEqual({
      sender: { id: follower },
      recipient: { id: DEMO.account.id },
      timestamp: expect.any(Number),
      message: { mid: expect.any(String), text: "one" },
    });
    expect(messaging.messaging[2].postback).toEqual({ mid: expect.any(String), title: "Go", payload: "GO" });
    const changes = b.entry.find((e: { changes?: unknown }) => e.changes);
    expect(changes.changes[0].value.media.media_product_type).toBe("REELS");
  });

  it("retries with backoff after a non-200 and records every attempt", async () => {
    kit.receiver.setResponder((n) => (n === 1 ? 500 : 200));
    await kit.control("PUT", "/settings", { webhookBaseBackoffMs: 300 });
    try {
      await kit.control("POST", `/people/${follower}/messages`, { text: "retry me" });
      await waitFor(() => kit.receiver.received[1]);
      const [first, second] = kit.receiver.received as [Received, Received];
      expect(second.raw.equals(first.raw)).toBe(true);
      expect(second.at - first.at).toBeGreaterThanOrEqual(250);
      // The sender records the answer after the receiver has sent it: wait for that write.
      const log = await waitFor(async () => {
        const answer = await kit.control("GET", "/deliveries");
        return answer.body.outbox[0]?.status === "delivered" ? answer : null;
      });
      expect(log.body.deliveries.slice(0, 2).map((d: { status: number }) => d.status)).toEqual([200, 500]);
      expect(log.body.outbox[0]).toMatchObject({ status: "delivered", attempts: 2, lastStatus: 200 });
    } finally {
      await kit.control("PUT", "/settings", { webhookBaseBackoffMs: 1000 });
    }
  });

  it("gives up after the configured number of attempts", async () => {
    kit.receiver.setResponder(() => 503);
    await kit.control("PUT", "/settings", { webhookBaseBackoffMs: 20, webhookMaxAttempts: 3 });
    try {
      await kit.control("POST", `/people/${follower}/messages`, { text: "doomed" });
      const failed = await waitFor(async () => {
        const o = (await kit.control("GET", "/deliveries")).body.outbox[0];
        return o.status === "failed" ? o : null;
      });
      expect(failed).toMatchObject({ attempts: 3, lastStatus: 503 });
      expect(kit.receiver.received).toHaveLength(3);
    } finally {
      await kit.control("PUT", "/settings", { webhookBaseBackoffMs: 1000, webhookMaxAttempts: 8 });
    }
  });

  it("delivers nothing for unsubscribed fields", async () => {
    const reaction = await kit.control("POST", `/people/${follower}/messages`, { text: "x" });
    await waitFor(() => kit.receiver.received[0]);
    kit.receiver.received.length = 0;
    await kit.control("POST", `/people/${follower}/reactions`, { mid: reaction.body.mid, action: "react" });
    await kit.control("POST", `/people/${follower}/reads`, {
      accountId: DEMO.account.id,
      mid: reaction.body.mid,
    });
    await sleep(300);
    expect(kit.receiver.received).toHaveLength(0);
  });

  it("echoes API sends and private replies with is_echo, sender = the business", async () => {
    await kit.control("POST", `/people/${follower}/messages`, { text: "hello" });
    const c = await kit.control("POST", `/people/${nonFollower}/comments`, {
      mediaId: DEMO.media.post2,
      text: "LINK",
    });
    await waitFor(() => kit.receiver.received.length >= 1);
    await sleep(100);
    kit.receiver.received.length = 0;
    const sent = await kit.call("POST", "/ig-graph/v24.0/me/messages", {
      token,
      json: { recipient: { id: follower }, message: { text: "answer" } },
    });
    await kit.call("POST", "/ig-graph/v24.0/me/messages", {
      token,
      json: { recipient: { comment_id: c.body.id }, message: { text: "here's the link" } },
    });
    await waitFor(() => {
      const items = kit.receiver.received.flatMap((r) =>
        body(r).entry.flatMap((e: { messaging?: unknown[] }) => e.messaging ?? []),
      );
      return items.length >= 2;
    });
    const items = kit.receiver.received.flatMap((r) =>
      body(r).entry.flatMap((e: { messaging?: unknown[] }) => e.messaging ?? []),
    );
    expect(items[0]).toEqual({
      sender: { id: DEMO.account.id },
      recipient: { id: follower },
      timestamp: expect.any(Number),
      message: { mid: sent.body.message_id, text: "answer", is_echo: true },
    });
    expect(items[1]).toMatchObject({
      sender: { id: DEMO.account.id },
      recipient: { id: nonFollower },
      message: { is_echo: true, text: "here's the link" },
    });
  });

  it("puts comments flat on the entry when configured", async () => {
    await kit.control("PUT", "/settings", { commentShape: "flat" });
    try {
      await kit.control("POST", `/people/${follower}/comments`, { mediaId: DEMO.media.post1, text: "flat" });
      const r = await waitFor(() => kit.receiver.received[0]);
      expect(body(r).entry[0]).toMatchObject({
        id: DEMO.account.id,
        field: "comments",
        value: { text: "flat" },
      });
    } finally {
      await kit.control("PUT", "/settings", { commentShape: "changes" });
    }
  });

  it("never delivers one event twice when two processes share the database", async () => {
    await kit.server.sandbox.stop();
    const other = createSandbox({
      db: kit.database.db,
      logger,
      publicUrl: kit.base,
      graphVersion: "v24.0",
      app: TEST_APP,
      webhookUrl: kit.receiver.url,
      deliveryIntervalMs: 5,
    });
    try {
      for (let i = 0; i < 30; i++) {
        await kit.control("POST", `/people/${i % 2 ? follower : nonFollower}/messages`, { text: `n${i}` });
        if (i === 10) {
          kit.server.sandbox.start();
          other.start();
        }
      }
      const texts = () =>
        kit.receiver.received.flatMap((r) =>
          body(r).entry.flatMap((e: { messaging?: { message?: { text: string } }[] }) =>
            (e.messaging ?? []).map((m) => m.message?.text),
          ),
        );
      await waitFor(() => texts().length >= 30);
      await sleep(200);
      expect(texts().sort()).toEqual(Array.from({ length: 30 }, (_, i) => `n${i}`).sort());
    } finally {
      await other.stop();
      kit.server.sandbox.start();
    }
  });
});
