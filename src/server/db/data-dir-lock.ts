import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * An exclusive lock on the embedded database folder. PGlite does not lock its folder, and a
 * second process writing to it silently loses data, so the owning process takes this lock
 * before opening it. A lock whose owner died (kill -9, power loss) is recognized and taken
 * over: the owner's pid is gone, or the machine has rebooted since.
 */

const LOCK_FILE = "autodm.lock";

interface LockOwner {
  pid: number;
  hostname: string;
  bootId: string | null;
  startedAt: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner | null,
  ) {
    super(
      owner
        ? `The data folder ${dataDir} is in use by another autodm process (pid ${owner.pid} on ${owner.hostname}, since ${owner.startedAt}). Stop it first, or set DATA_DIR to another folder.`
        : `The data folder ${dataDir} is locked by another autodm process. Stop it first, or set DATA_DIR to another folder.`,
    );
    this.name = "DataDirLockedError";
  }
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

function bootId(): string | null {
  try {
    return fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(file: string): LockOwner | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockOwner;
  } catch {
    return null;
  }
}

function isStale(owner: LockOwner | null, file: string): boolean {
  if (!owner) {
    // Unreadable: a writer died between create and write. Give a live writer a moment.
    try {
      return Date.now() - fs.statSync(file).mtimeMs > 5_000;
    } catch {
      return true;
    }
  }
  if (owner.hostname !== os.hostname()) return false; // a shared folder: we cannot tell, refuse
  if (owner.bootId && bootId() && owner.bootId !== bootId()) return true;
  return !isAlive(owner.pid);
}

function tryCreate(file: string, owner: LockOwner): boolean {
  try {
    const fd = fs.openSync(file, "wx", 0o600);
    fs.writeFileSync(fd, JSON.stringify(owner));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
}

/**
 * Moves a stale lock aside atomically, then checks that what was moved is the stale lock we
 * judged (and not a fresh one another starter created meanwhile); if not, puts it back.
 */
function removeStale(file: string, stale: LockOwner | null): boolean {
  const aside = `${file}.stale-${process.pid}-${Date.now()}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return false;
  }
  const moved = readOwner(aside);
  if (moved && stale && (moved.pid !== stale.pid || moved.startedAt !== stale.startedAt)) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // someone else holds a lock now; theirs wins either way
    }
    fs.rmSync(aside, { force: true });
    return false;
  }
  fs.rmSync(aside, { force: true });
  return true;
}

export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, LOCK_FILE);
  const me: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    bootId: bootId(),
    startedAt: new Date().toISOString(),
  };

  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(file, me)) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const current = readOwner(file);
        if (current?.pid === me.pid && current.startedAt === me.startedAt) fs.rmSync(file, { force: true });
        process.off("exit", release);
      };
      process.on("exit", release);
      return { file, release };
    }
    const owner = readOwner(file);
    if (!isStale(owner, file)) throw new DataDirLockedError(dataDir, owner);
    removeStale(file, owner);
  }
  throw new DataDirLockedError(dataDir, readOwner(file));
}
