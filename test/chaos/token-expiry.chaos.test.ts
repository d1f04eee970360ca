import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO } from "../../src/server/sandbox/seed.ts";
import { burst, connectSandbox } from "../support/burst.ts";
import {
  BURST_KEYWORD,
  countLostAndDoubled,
  repliesByPerson,
  replyCount,
  setUpBurst,
} from "../support/burst-checks.ts";
import { pick, progress, report } from "./support/chaos-run.ts";
import { EmbeddedAutodm } from "./support/embedded-autodm.ts";
import { untilQuiet } from "./support/until-quiet.ts";

/**
 * The account's token expires mid-burst (Meta answers 190); the owner reconnects 15 s later.
 * What came in meanwhile is parked and answered after the reconnect: 0 lost, 0 twice.
 */
const PEOPLE = pick(100, 20);
const PER_PERSON = 10;
const EVENTS = PEOPLE * PER_PERSON;

describe("chaos: token expiry mid-burst", () => {
  let autodm: EmbeddedAutodm | undefined;
  afterAll(async () => {
    await autodm?.stop();
  });

  it(`${EVENTS} DMs, the token expires at a third: all replied after reconnect, once`, async () => {
    const log = progress("token-expiry");
    autodm = await EmbeddedAutodm.start();
    const { api, people } = await setUpBurst(autodm.base, "te", PEOPLE);
    const sending = burst({ api, people, perPerson: PER_PERSON, keyword: BURST_KEYWORD, parallel: 10 });
    sending.catch(() => {});
    while ((await replyCount(api)) < EVENTS / 3) await sleep(500);
    const atExpiry = await replyCount(api);
    await api.json("POST", "/sandbox/control/tokens/expire", { accountId: DEMO.account.id });
    log(`token expired at ${atExpiry} replies`);
    await sleep(15_000);
    await connectSandbox(api);
    const atReconnect = await replyCount(api);
    log(`reconnected at ${atReconnect} replies`);
    await sending;
    const total = async () => {
      const r = await repliesByPerson(api);
      return people.reduce((a, p) => a + (r.get(p) ?? 0), 0);
    };
    await untilQuiet(autodm.base, total, EVENTS, log, pick(900_000, 300_000));
    const figures = countLostAndDoubled(() => PER_PERSON, people, await repliesByPerson(api));
    report("token-expiry", { ...figures, repliesAtExpiry: atExpiry, repliesAtReconnect: atReconnect });
    expect({ lost: figures.lost, doubled: figures.doubled }).toEqual({ lost: 0, doubled: 0 });
  });
});
