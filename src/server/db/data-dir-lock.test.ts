import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "./data-dir-lock.ts";

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autodm-lock-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A pid that surely belongs to no running process: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("lockDataDir", () => {
  it("creates the folder and refuses a second lock while the first is held", () => {
    const dir = path.join(tempDir(), "nested", "data");
    const lock = lockDataDir(dir);
    expect(fs.existsSync(lock.file)).toBe(true);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`pid ${process.pid}`));
    lock.release();
    expect(fs.existsSync(lock.file)).toBe(false);
    lockDataDir(dir).release();
  });

  it("takes over a stale lock left by a process that died", () => {
    const dir = tempDir();
    const file = path.join(dir, "autodm.lock");
    fs.writeFileSync(
      file,
      JSON.stringify({
        pid: deadPid(),
        hostname: os.hostname(),
        bootId: null,
        startedAt: "2026-01-01T00:00:00Z",
      }),
    );
    const lock = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(file, "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("takes over a lock from a previous boot of the machine even if the pid is reused", () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, "autodm.lock"),
      JSON.stringify({
        pid: process.pid,
        hostname: os.hostname(),
        bootId: "an-earlier-boot",
        startedAt: "x",
      }),
    );
    if (!fs.existsSync("/proc/sys/kernel/random/boot_id")) return; // not Linux: cannot tell boots apart
    lockDataDir(dir).release();
  });

  it("respects a lock held by another host (a shared folder): it cannot tell, so it refuses", () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, "autodm.lock"),
      JSON.stringify({ pid: deadPid(), hostname: "another-host", bootId: null, startedAt: "x" }),
    );
    expect(() => lockDataDir(dir)).toThrow(/another-host/);
  });

  it("treats an unreadable lock as live for a few seconds, then as stale", () => {
    const dir = tempDir();
    const file = path.join(dir, "autodm.lock");
    fs.writeFileSync(file, "");
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(file, old, old);
    lockDataDir(dir).release();
  });

  it("does not remove a lock it does not own when released twice", () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    lock.release();
    const other = lockDataDir(dir);
    lock.release();
    expect(fs.existsSync(other.file)).toBe(true);
    other.release();
  });
});
