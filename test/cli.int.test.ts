import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AutodmProcess,
  demoEffects,
  enqueueDemo,
  listenEnv,
  spawnAutodm,
  waitFor,
} from "./support/autodm-process.ts";
import { freshPgliteDir } from "./support/backends.ts";
import { authenticate } from "./support/burst.ts";

/** `autodm start` on the embedded database, as `npm start` runs it. */
const running: AutodmProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.kill("SIGKILL");
      await p.exited();
    }
  }
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function start(dataDir: string, env: Record<string, string> = {}) {
  const p = spawnAutodm(["start"], {
    ...(await listenEnv()),
    DATA_DIR: dataDir,
    DEMO_JOBS_API: "on",
    JOB_LOCK_MS: "2000",
    ...env,
  });
  running.push(p);
  return p;
}
function dataDir() {
  const dir = freshPgliteDir();
  dirs.push(dir);
  return dir;
}

describe("autodm start (embedded)", () => {
  it("serves, refuses a second process on the same folder, and stops cleanly on SIGTERM", async () => {
    const dir = dataDir();
    const first = await start(dir);
    const url = await first.ready();
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(fs.existsSync(path.join(dir, "autodm.lock"))).toBe(true);

    const second = await start(dir);
    const began = Date.now();
    expect(await second.exited()).toBe(1);
    // It refuses at once instead of waiting on the folder (a hang guard, not a timing claim:
    // node's start-up alone takes seconds on a loaded 2-core CI machine).
    expect(Date.now() - began).toBeLessThan(20_000);
    expect(second.output()).toMatch(/data folder .* is in use by another autodm process \(pid \d+/);
    expect((await fetch(`${url}/health`)).status).toBe(200); // the first one is unharmed

    first.kill("SIGTERM");
    expect(await first.exited()).toBe(0);
    expect(fs.existsSync(path.join(dir, "autodm.lock"))).toBe(false);
  });

  it("stops cleanly on SIGINT (Ctrl-C) and keeps its data for the next start", async () => {
    const dir = dataDir();
    const first = await start(dir);
    const api = await authenticate(await first.ready());
    await enqueueDemo(api, { count: 20, keyPrefix: "kept" });
    await waitFor("20 effects", async () => (await demoEffects(api)).effects === 20);
    first.kill("SIGINT");
    expect(await first.exited()).toBe(0);

    const again = await start(dir);
    const api2 = api.at(await again.ready()); // the API key survives the restart
    expect((await demoEffects(api2)).effects).toBe(20);
  });

  it("loses no committed data and no job when killed with SIGKILL, and recovers the stale lock", async () => {
    const dir = dataDir();
    const first = await start(dir, { WORKER_CONCURRENCY: "5" });
    const api = await authenticate(await first.ready());
    await enqueueDemo(api, { count: 300, keyPrefix: "crash", sleepMs: 20 });
    const before = await waitFor("some effects", async () => {
      const e = await demoEffects(api);
      return e.effects >= 50 && e;
    });
    first.kill("SIGKILL");
    expect(await first.exited()).toBe("SIGKILL");
    expect(fs.existsSync(path.join(dir, "autodm.lock"))).toBe(true); // stale: its owner is gone

    const again = await start(dir);
    const api2 = api.at(await again.ready());
    const after = await demoEffects(api2);
    expect(after.effects).toBeGreaterThanOrEqual(before.effects); // every committed row survived
    // The jobs that were queued or running at the kill are all done, each effect exactly once.
    const done = await waitFor(
      "all 300 effects",
      async () => {
        const e = await demoEffects(api2);
        return e.effects === 300 && e;
      },
      60_000,
    );
    expect(done.executedKeys).toBe(300);
    expect(done.executions).toBeGreaterThanOrEqual(300);
  });

  it("refuses to boot on bad configuration, naming each bad variable", async () => {
    const p = spawnAutodm(["start"], { DATA_DIR: dataDir(), PORT: "http", WORKER_CONCURRENCY: "-3" });
    running.push(p);
    expect(await p.exited()).toBe(1);
    expect(p.output()).toMatch(/PORT: expected a number/);
    expect(p.output()).toMatch(/WORKER_CONCURRENCY: expected at least 1/);
    expect(p.output()).toMatch(/\.env\.example/);
  });

  it("prints its usage and rejects an unknown command", async () => {
    const help = spawnAutodm(["help"], {});
    running.push(help);
    expect(await help.exited()).toBe(0);
    expect(help.output()).toMatch(/autodm <command>/);
    const unknown = spawnAutodm(["fly"], {});
    running.push(unknown);
    expect(await unknown.exited()).toBe(2);
    expect(unknown.output()).toMatch(/Unknown command "fly"/);
  });
});
