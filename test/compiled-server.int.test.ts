import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildServer, compiledIsFresh } from "../scripts/server-build.mjs";
import { type AutodmProcess, listenEnv, spawnAutodm } from "./support/autodm-process.ts";

// `npm start` compiles the server (esbuild) and bin/autodm.js runs the compiled file while it is
// fresh: the compiled form must boot, serve and stop like the sources under tsx do.
describe("the compiled server (dist/server/main.js)", () => {
  let running: AutodmProcess | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "autodm-compiled-"));
  afterAll(() => {
    running?.kill("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("builds, is fresh, boots on a new data folder (initdb in its child), serves /health, stops on SIGTERM", async () => {
    await buildServer();
    expect(compiledIsFresh()).toBe(true);
    running = spawnAutodm(["start"], { ...(await listenEnv()), DATA_DIR: dataDir });
    const url = await running.ready(120_000);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", db: "up", version: expect.any(String) });
    running.kill("SIGTERM");
    expect(await running.exited()).toBe(0);
  });
});
